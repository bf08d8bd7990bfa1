import type { PGlite } from '@electric-sql/pglite';

/**
 * Keeps the wire protocol between postgres.js and PGlite in step after a query fails.
 *
 * pglite-socket hands every frontend message to PGlite one at a time, and PGlite (0.5.x) answers
 * an error in the extended protocol with ErrorResponse *and* ReadyForQuery at once
 * (electric-sql/pglite#958), where PostgreSQL sends ReadyForQuery only at the client's Sync and
 * discards the messages in between. postgres.js pipelines queries on its one connection, so the
 * extra ReadyForQuery completed the *next* query early: later requests got the answer of another
 * query, an empty one, or "prepared statement does not exist".
 *
 * Worse, PGlite's WebAssembly PostGIS cannot report a GEOS exception (a TopologyException on a
 * self-crossing polygon): the error is lost on its way out. The statement then "succeeds" with no
 * rows — an Execute answered PortalSuspended, or CommandComplete with the tag "???" after part of
 * an INSERT … SELECT, a Bind with nothing at all, a simple Query with no
 * ReadyForQuery (the client waits forever) — and its transaction commits with a leaked snapshot.
 *
 * This wrapper stands between the socket server and PGlite and restores PostgreSQL's rules:
 * - after an ErrorResponse to an extended-protocol message, the premature ReadyForQuery is dropped
 *   and every message up to the next Sync is discarded (the Sync answers ReadyForQuery once);
 * - a message without the answer the protocol requires (the lost error) gets an ErrorResponse
 *   (SQLSTATE XX000) in its place, and the transaction is aborted with a real error so nothing
 *   of the failed statement commits; a simple Query always ends with ReadyForQuery;
 * - it never throws: a rejected call is answered like a lost error (pglite-socket's queue stops
 *   for good when one call throws — every later query hung).
 *
 * - COPY … FROM STDIN / TO STDOUT is refused before it reaches PGlite, with an ErrorResponse
 *   (SQLSTATE 0A000, bilingual): PGlite 0.5.8 does not speak the COPY sub-protocol on this path —
 *   a simple-query COPY FROM STDIN terminates its WebAssembly program (exit(1): the database is
 *   gone), COPY TO STDOUT and an extended-protocol COPY never answer (every later query hangs).
 *   Stray CopyData, CopyDone and CopyFail are ignored, as PostgreSQL ignores them outside a COPY.
 *   No server code uses COPY (test/reliability/copy.test.ts holds both); bulk loads that want it
 *   run on a real server (data/geo/scale-load.ts uses INSERT on PGlite).
 *
 * Only the members pglite-socket uses are provided (waitReady, runExclusive, isInTransaction,
 * exec, execProtocolRawStream); test/reliability/query-errors.test.ts holds it to that.
 */
export function protocolGuard(db: PGlite): PGlite {
  let discardUntilSync = false;

  const run = async (message: Uint8Array): Promise<Buffer> => {
    const parts: Uint8Array[] = [];
    try {
      await db.execProtocolRawStream(message, { onRawData: (d) => parts.push(d.slice()) });
    } catch {
      return LOST; // no answer at all: handled below like a lost error
    }
    return Buffer.concat(parts);
  };

  /** Aborts the transaction the lost error left open, as a real error would (its answer is not forwarded). */
  const abortLostStatement = async (simple: boolean): Promise<void> => {
    const bad = 'SELECT FROM atlas lost error'; // a syntax error: raised at once, in any transaction state
    if (simple) await run(frontend('Q', cstr(bad)));
    else await run(frontend('P', Buffer.concat([cstr(''), cstr(bad), Buffer.from([0, 0])])));
  };

  const guarded = async (message: Uint8Array, onRawData: (data: Uint8Array) => void): Promise<void> => {
    const type = message.length > 0 ? String.fromCharCode(message[0]!) : '';
    if (isStartup(message)) {
      discardUntilSync = false; // a new connection starts in step
      onRawData(await run(message));
      return;
    }
    if (discardUntilSync && type !== 'S' && type !== 'X') return; // what PostgreSQL does after an error
    if (type === 'd' || type === 'c' || type === 'f') return; // CopyData/CopyDone/CopyFail outside a COPY: ignored, as PostgreSQL does
    if ((type === 'Q' || type === 'P') && isClientCopy(queryText(message, type))) {
      // never handed to PGlite (it would halt or hang); answered as PostgreSQL answers an unsupported feature
      if (type === 'Q') onRawData(Buffer.concat([copyRefused(), readyForQuery(db)]));
      else {
        discardUntilSync = true;
        onRawData(copyRefused());
      }
      return;
    }
    if (type === 'S') discardUntilSync = false;
    const out = await run(message);
    const scan = scanBackend(out);
    const extended = EXTENDED.has(type);

    if (type === 'Q') {
      const lost = out === LOST || !scan.types.includes('Z') || scan.leakedSnapshot;
      if (lost) {
        if (!scan.types.includes('Z') && out !== LOST) await abortLostStatement(true);
        onRawData(Buffer.concat([lostError(), readyForQuery(db)]));
      } else onRawData(out);
      return;
    }
    if (type === 'S') {
      // a Sync always ends with exactly one ReadyForQuery; leaked-snapshot warnings of a lost error are PGlite's own noise
      const kept = scan.without((t, body) => t === 'N' && isLeakWarning(body));
      onRawData(out === LOST || !scan.types.includes('Z') ? Buffer.concat([kept, readyForQuery(db)]) : kept);
      return;
    }
    if (!extended) {
      onRawData(out);
      return;
    }
    // Parse, Bind, Describe, Execute, Close, Flush: never a ReadyForQuery before the Sync
    const kept = scan.without((t) => t === 'Z');
    if (scan.types.includes('E')) {
      discardUntilSync = true;
      onRawData(kept);
      return;
    }
    if (out === LOST || !answered(type, message, scan.types) || scan.garbledCommandTag) {
      await abortLostStatement(false);
      discardUntilSync = true;
      // what was sent before the loss (e.g. RowDescription) is kept; the answer is the error
      onRawData(Buffer.concat([scan.without((t, body) => t === 'Z' || t === 's' || (t === 'C' && !namesCommand(body))), lostError()]));
      return;
    }
    onRawData(kept);
  };

  return {
    get waitReady() {
      return db.waitReady;
    },
    runExclusive: <T>(fn: () => Promise<T>) => db.runExclusive(fn),
    isInTransaction: () => db.isInTransaction(),
    exec: (query: string) => db.exec(query),
    execProtocolRawStream: (message: Uint8Array, options?: { onRawData?: (data: Uint8Array) => void }) =>
      guarded(message, options?.onRawData ?? (() => {})),
  } as unknown as PGlite;
}

/** Parse, Bind, Describe, Execute, Close and Flush: the messages answered only up to the next Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

const LOST = Buffer.alloc(0);

/** Whether the answer the protocol requires for this message is there (an error was not lost). */
function answered(type: string, message: Uint8Array, seen: string[]): boolean {
  switch (type) {
    case 'P':
      return seen.includes('1');
    case 'B':
      return seen.includes('2');
    case 'D':
      return seen.includes('T') || seen.includes('n');
    case 'C':
      return seen.includes('3');
    case 'E':
      // PortalSuspended answers an Execute with a row limit; without one it is the trace of a lost error
      return seen.includes('C') || seen.includes('I') || (seen.includes('s') && executeRowLimit(message) > 0);
    default:
      return true; // Flush: nothing is owed
  }
}

function executeRowLimit(message: Uint8Array): number {
  const b = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const end = b.indexOf(0, 5); // portal name
  return end < 0 || end + 5 > b.length ? 0 : b.readInt32BE(end + 1);
}

/** The StartupMessage (and SSLRequest) carry no type byte: length, then a protocol code. */
function isStartup(message: Uint8Array): boolean {
  if (message.length < 8) return false;
  const b = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return b.readInt32BE(0) === message.length && (b.readInt32BE(4) === 196608 || b.readInt32BE(4) === 80877103);
}

/** PostgreSQL's warning when a transaction ends with a snapshot still registered: the mark of a lost error. */
function isLeakWarning(body: Buffer): boolean {
  return /\0Msnapshot [^\0]* still active\0/.test(body.toString('latin1'));
}

/** A CommandComplete's tag names its command ("INSERT 0 7", "SELECT 3"): an upper-case word first. */
function namesCommand(body: Buffer): boolean {
  return body.length > 1 && body[0]! >= 65 && body[0]! <= 90;
}

interface Scan {
  types: string[];
  leakedSnapshot: boolean;
  /**
   * A CommandComplete whose tag names no command: an INSERT … SELECT whose GEOS exception PGlite lost
   * ended with the tag "???" after some of its rows (an open ring's ST_IsValid at the second of three
   * rows: one row written, no error, and postgres.js's count null).
   */
  garbledCommandTag: boolean;
  /** The output without the messages `drop` picks (the buffer itself when none is dropped). */
  without(drop: (type: string, body: Buffer) => boolean): Buffer;
}

/** Walks the backend messages of one answer (PGlite's answer to one message is complete when the call returns). */
function scanBackend(out: Buffer): Scan {
  const msgs: { type: string; start: number; end: number }[] = [];
  for (let off = 0; off + 5 <= out.length; ) {
    const end = off + 1 + out.readInt32BE(off + 1);
    msgs.push({ type: String.fromCharCode(out[off]!), start: off, end: Math.min(end, out.length) });
    off = end;
  }
  const body = (m: { start: number; end: number }) => out.subarray(m.start + 5, m.end);
  return {
    types: msgs.map((m) => m.type),
    leakedSnapshot: msgs.some((m) => m.type === 'N' && isLeakWarning(body(m))),
    garbledCommandTag: msgs.some((m) => m.type === 'C' && !namesCommand(body(m))),
    without(drop) {
      const kept = msgs.filter((m) => !drop(m.type, body(m)));
      if (kept.length === msgs.length) return out;
      return Buffer.concat(kept.map((m) => out.subarray(m.start, m.end)));
    },
  };
}

const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');

function frontend(type: string, body: Buffer): Uint8Array {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return new Uint8Array(Buffer.concat([head, body]));
}

function backend(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

const LOST_MESSAGE = 'the embedded database lost the error of this statement (e.g. a GEOS exception); the statement was rolled back';

/** Whether an error is the guard's answer to a statement whose own error PGlite lost (callers may say more). */
export function isLostStatement(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 'XX000' && (err as Error)?.message === LOST_MESSAGE;
}

function lostError(): Buffer {
  const field = (code: string, value: string) => Buffer.concat([Buffer.from(code, 'latin1'), cstr(value)]);
  return backend(
    'E',
    Buffer.concat([
      field('S', 'ERROR'),
      field('V', 'ERROR'),
      field('C', 'XX000'),
      field('M', LOST_MESSAGE),
      Buffer.from([0]),
    ]),
  );
}

/** The SQL text of a simple Query ('Q': the string) or a Parse ('P': statement name, then the string). */
function queryText(message: Uint8Array, type: string): string {
  const b = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  let start = 5;
  if (type === 'P') start = b.indexOf(0, 5) + 1;
  const end = b.indexOf(0, start);
  return start <= 0 ? '' : b.toString('utf8', start, end < 0 ? b.length : end);
}

/**
 * Whether a statement of this SQL is a COPY that streams through the client (FROM STDIN, TO STDOUT).
 * Comments, string literals, quoted identifiers and dollar-quoted bodies are blanked first, so a
 * word 'stdin' inside them or a column named copy_stdin does not count.
 */
export function isClientCopy(text: string): boolean {
  if (!/copy/i.test(text)) return false; // every query passes here: most are done at this line
  const word = (k: number) => k >= 0 && /[\w$]/.test(text[k]!);
  let bare = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    const two = text.slice(i, i + 2);
    if (two === '--') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      bare += ' ';
    } else if (two === '/*') {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      }
      bare += ' ';
    } else if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && (text[i - 1] === 'e' || text[i - 1] === 'E') && !word(i - 2);
      i++;
      while (i < text.length) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === ch && text[i + 1] === ch) i += 2;
        else if (text[i] === ch) break;
        else i++;
      }
      i++;
      bare += ' ';
    } else if (ch === '$' && !word(i - 1) && /^\$([A-Za-z_]\w*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? text.length : close + tag.length;
      bare += ' ';
    } else {
      bare += ch;
      i++;
    }
  }
  return bare.split(';').some((stmt) => /^\s*copy\b/i.test(stmt) && /\b(stdin|stdout)\b/i.test(stmt));
}

function copyRefused(): Buffer {
  const field = (code: string, value: string) => Buffer.concat([Buffer.from(code, 'latin1'), cstr(value)]);
  return backend(
    'E',
    Buffer.concat([
      field('S', 'ERROR'),
      field('V', 'ERROR'),
      field('C', '0A000'),
      field(
        'M',
        'Cơ sở dữ liệu nhúng (PGlite) không hỗ trợ COPY … FROM STDIN / TO STDOUT qua kết nối; hãy dùng INSERT / SELECT. / ' +
          'The embedded database (PGlite) does not support COPY … FROM STDIN / TO STDOUT over a connection; use INSERT / SELECT.',
      ),
      Buffer.from([0]),
    ]),
  );
}

function readyForQuery(db: PGlite): Buffer {
  // 'E' (failed transaction block) when a BEGIN was open: the abort above left it failed, as PostgreSQL would
  return backend('Z', Buffer.from(db.isInTransaction() ? 'E' : 'I', 'latin1'));
}
