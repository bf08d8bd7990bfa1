/**
 * Resumable photo uploads (contract: server/domain/uploads.ts; docs/outbox.md). A phone on rural
 * mobile declares a photo, sends it chunk by chunk, asks the server how far it got after a cut and
 * goes on from there; the inspection then names the completed upload and attaching it is part of
 * the inspection's one transaction (takeUploads, called by services/inspections.ts).
 *
 * Bytes wait in `photo_upload.data` only while in transit; attaching moves them into
 * inspection_photo, the one home of stored photos, and empties the upload. Every upload belongs to
 * the user who declared it: another user's is "not found" (404), never shown. Uploads never
 * attached expire UPLOAD_TTL_HOURS after their last chunk; each new upload sweeps the expired ones.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { MAX_PENDING_UPLOADS, UPLOAD_TTL_HOURS, type UploadCreateBody, type UploadState } from '../domain/uploads.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { preparePhoto, type PhotoType } from './photos.ts';

interface UploadRow {
  id: string;
  owner_id: number;
  size: number;
  content_type: PhotoType;
  sha256: string;
  received: number;
  completed_at: Date | null;
  inspection_id: string | null;
  expires_at: Date;
}

const COLUMNS = 'id, owner_id, size, content_type, sha256, received, completed_at, inspection_id, expires_at';

function stateOf(r: UploadRow): UploadState {
  return {
    id: r.id,
    size: r.size,
    contentType: r.content_type,
    sha256: r.sha256,
    received: r.received,
    complete: r.completed_at !== null,
    inspectionId: r.inspection_id === null ? null : Number(r.inspection_id),
    expiresAt: new Date(r.expires_at).toISOString(),
  };
}

type UploadDeclared = Required<UploadCreateBody>;

const uploadNotFound = () => notFound({ vi: 'ảnh đang tải lên (có thể đã hết hạn)', en: 'Upload (it may have expired)' });

/** Drops uploads never attached whose time ran out, with their bytes. */
export async function dropExpiredUploads(sql: Sql): Promise<number> {
  const gone = await sql`DELETE FROM photo_upload WHERE inspection_id IS NULL AND expires_at < now()`;
  return gone.count;
}

/** Declares an upload: 201 with received 0. 429 when the user already has too many waiting. */
export async function createUpload(sql: Sql, ownerId: number, body: UploadDeclared): Promise<UploadState> {
  await dropExpiredUploads(sql);
  const [n] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM photo_upload WHERE owner_id = ${ownerId} AND inspection_id IS NULL`;
  if ((n?.n ?? 0) >= MAX_PENDING_UPLOADS) {
    throw new HttpError(
      429,
      'too_many_uploads',
      `Đã có ${MAX_PENDING_UPLOADS} ảnh tải lên chưa gắn vào lần kiểm tra nào; hãy gửi các lần kiểm tra đó trước`,
      `There are already ${MAX_PENDING_UPLOADS} uploaded photos not attached to an inspection; send those inspections first`,
    );
  }
  const [r] = await sql<UploadRow[]>`
    INSERT INTO photo_upload (id, owner_id, size, content_type, sha256, expires_at)
    VALUES (${randomUUID()}, ${ownerId}, ${body.size}, ${body.contentType}, ${body.sha256}, now() + make_interval(hours => ${UPLOAD_TTL_HOURS}))
    RETURNING ${sql.unsafe(COLUMNS)}`;
  return stateOf(r!);
}

/** The user's own upload, or 404 (someone else's upload is not shown to exist). */
async function ownUpload(sql: Sql, ownerId: number, id: string, lock = false): Promise<UploadRow> {
  const [r] = await sql<UploadRow[]>`
    SELECT ${sql.unsafe(COLUMNS)} FROM photo_upload WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`;
  if (!r || r.owner_id !== ownerId) throw uploadNotFound();
  return r;
}

/** How far an upload got (GET/HEAD /api/uploads/:id). */
export async function uploadState(sql: Sql, ownerId: number, id: string): Promise<UploadState> {
  return stateOf(await ownUpload(sql, ownerId, id));
}

const offsetRefused = (r: UploadRow, vi: string, en: string) =>
  new HttpError(409, 'upload_offset', vi, en, { received: r.received, size: r.size });

/**
 * One chunk in one transaction (the upload row locked). `start` must be what the server holds; the same bytes
 * sent again are answered with the state and change nothing; a gap or other bytes over held ones
 * get 409 `upload_offset` with `received`. The last chunk is checked with the whole photo before
 * it is kept: the sha-256 declared, then the image checks of an inspection photo (422, and the
 * upload is dropped: its bytes can never become a photo).
 */
async function putChunk(
  sql: Sql,
  ownerId: number,
  id: string,
  range: { start: number; end: number; total: number },
  chunk: Uint8Array,
): Promise<UploadState> {
  if (chunk.byteLength !== range.end - range.start + 1) {
    throw new HttpError(
      400,
      'invalid_range',
      `Phần gửi lên dài ${chunk.byteLength} byte, Content-Range nói ${range.end - range.start + 1}`,
      `The chunk holds ${chunk.byteLength} bytes, Content-Range says ${range.end - range.start + 1}`,
    );
  }
  return sql.begin(async (transaction) => {
    const tx = transaction as unknown as Sql;
    const r = await ownUpload(tx, ownerId, id, true);
    if (range.total !== r.size) {
      throw new HttpError(400, 'invalid_range', `Tổng trong Content-Range (${range.total}) khác kích thước đã khai (${r.size})`, `Content-Range size ${range.total} differs from the declared size ${r.size}`);
    }
    if (r.inspection_id !== null || range.start < r.received) {
      // a chunk the server holds, sent again (its answer was lost): the same bytes change nothing
      if (range.end < r.received) {
        const [held] = await tx<{ part: Uint8Array }[]>`
          SELECT substring(data FROM ${range.start + 1} FOR ${chunk.byteLength}) AS part FROM photo_upload WHERE id = ${id}`;
        if (r.inspection_id !== null || (held && Buffer.from(held.part).equals(Buffer.from(chunk)))) return stateOf(r);
      }
      throw offsetRefused(r, `Máy chủ đã có ${r.received} byte khác với phần gửi lên (từ byte ${range.start}); gửi tiếp từ byte ${r.received}`, `The server holds ${r.received} bytes that differ from this chunk (from byte ${range.start}); continue from byte ${r.received}`);
    }
    if (range.start > r.received) {
      throw offsetRefused(r, `Máy chủ mới có ${r.received} byte: phần gửi lên phải bắt đầu từ byte ${r.received}, không phải ${range.start}`, `The server holds ${r.received} bytes: the chunk must start at byte ${r.received}, not ${range.start}`);
    }
    const last = range.end + 1 === r.size;
    if (last) await verifyWhole(tx, r, chunk);
    const [next] = await tx<UploadRow[]>`
      UPDATE photo_upload
      SET data = data || ${Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)}, received = received + ${chunk.byteLength},
          completed_at = ${last ? tx`now()` : null}, expires_at = now() + make_interval(hours => ${UPLOAD_TTL_HOURS})
      WHERE id = ${id} AND received = ${range.start}
      RETURNING ${tx.unsafe(COLUMNS)}`;
    return stateOf(next!);
  });
}

/** The whole photo (held bytes and the last chunk) against its checksum and the image rules; drops it when refused. */
async function verifyWhole(tx: Sql, r: UploadRow, chunk: Uint8Array): Promise<void> {
  const [held] = await tx<{ data: Uint8Array }[]>`SELECT data FROM photo_upload WHERE id = ${r.id}`;
  const whole = Buffer.concat([Buffer.from(held!.data), Buffer.from(chunk)]);
  let refusal: HttpError | null = null;
  const sha = createHash('sha256').update(whole).digest('hex');
  if (sha !== r.sha256) {
    refusal = new HttpError(
      422,
      'upload_checksum',
      'Ảnh nhận được không khớp mã kiểm tra sha-256 đã khai: ảnh bị hỏng trên đường truyền, hãy gửi lại từ đầu',
      'The photo received does not match its declared sha-256: it was damaged on the way, send it again from the start',
    );
  } else {
    try {
      const p = await preparePhoto(whole, 1, { keepLocation: true });
      if (p.contentType !== r.content_type) {
        refusal = new HttpError(422, 'invalid_photo', `Ảnh là ${p.contentType}, không phải ${r.content_type} như đã khai`, `The photo is ${p.contentType}, not ${r.content_type} as declared`);
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      refusal = new HttpError(422, 'invalid_photo', err.vi.replace(/^Ảnh 1: /, 'Ảnh: '), err.en.replace(/^Photo 1: /, 'Photo: '));
    }
  }
  if (refusal) throw new DroppedUpload(refusal); // rolls the chunk back; appendChunk then drops the upload
}

/** A refused last chunk: the upload is dropped (committed) and the refusal answered. */
class DroppedUpload extends Error {
  constructor(readonly refusal: HttpError) {
    super(refusal.en);
  }
}

/**
 * Appends a chunk (PUT /api/uploads/:id): putChunk, and when the last chunk is refused the upload
 * is dropped after the chunk's transaction rolled back, then the 422 answered.
 */
export async function appendChunk(...args: Parameters<typeof putChunk>): Promise<UploadState> {
  try {
    return await putChunk(...args);
  } catch (err) {
    if (!(err instanceof DroppedUpload)) throw err;
    await args[0]`DELETE FROM photo_upload WHERE id = ${args[2]} AND inspection_id IS NULL`;
    throw err.refusal;
  }
}

/** A photo ready to store with an inspection: its bytes (location handled) and type. */
export interface TakenPhoto {
  uploadId: string;
  contentType: PhotoType;
  data: Buffer;
}

/**
 * Inside the inspection's transaction: locks the named uploads and checks each is the user's own,
 * complete and not attached elsewhere; returns their bytes prepared as an inspection photo
 * (location metadata kept only when the inspection shares its position). markAttached then
 * records the attachment and empties the uploads, in the same transaction.
 */
export async function takeUploads(tx: Sql, ownerId: number, ids: { uploadId: string; no: number }[], keepLocation: boolean): Promise<TakenPhoto[]> {
  const out: TakenPhoto[] = [];
  const seen = new Set<string>();
  for (const { uploadId, no } of ids) {
    if (seen.has(uploadId)) throw new HttpError(422, 'upload_repeated', `Ảnh ${no}: cùng một ảnh tải lên được dùng hai lần`, `Photo ${no}: the same upload is named twice`);
    seen.add(uploadId);
    const [r] = await tx<(UploadRow & { data: Uint8Array })[]>`
      SELECT ${tx.unsafe(COLUMNS)}, data FROM photo_upload WHERE id = ${uploadId} FOR UPDATE`;
    if (!r || r.owner_id !== ownerId) {
      throw new HttpError(422, 'upload_missing', `Ảnh ${no}: không tìm thấy ảnh đã tải lên (có thể đã hết hạn); hãy gửi lại ảnh`, `Photo ${no}: the upload was not found (it may have expired); send the photo again`, { uploadId });
    }
    if (r.inspection_id !== null) {
      throw new HttpError(409, 'upload_attached', `Ảnh ${no}: ảnh này đã gắn vào lần kiểm tra ${r.inspection_id}`, `Photo ${no}: this upload is already attached to inspection ${r.inspection_id}`, { uploadId, inspectionId: Number(r.inspection_id) });
    }
    if (r.completed_at === null) {
      throw new HttpError(422, 'upload_incomplete', `Ảnh ${no}: mới tải lên ${r.received}/${r.size} byte`, `Photo ${no}: only ${r.received} of ${r.size} bytes were uploaded`, { uploadId, received: r.received });
    }
    const p = await preparePhoto(r.data, no, { keepLocation });
    out.push({ uploadId, contentType: p.contentType, data: p.data });
  }
  return out;
}

/** Records that the uploads became photos of the inspection and empties them (inside its transaction). */
export async function markAttached(tx: Sql, inspectionId: number, photos: { uploadId: string; no: number }[]): Promise<void> {
  for (const p of photos) {
    await tx`
      UPDATE photo_upload SET inspection_id = ${inspectionId}, photo_no = ${p.no}, attached_at = now(), data = ''::bytea
      WHERE id = ${p.uploadId}`;
  }
}
