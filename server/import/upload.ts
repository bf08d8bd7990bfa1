/**
 * An uploaded file streamed to a private temporary folder, never held in memory: the bytes are
 * counted (refused with 413 past the limit — before reading when Content-Length already says so)
 * and hashed (sha256, the batch's checksum) as they pass. A failed or aborted upload leaves
 * nothing behind: the folder is removed.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportError } from './errors.ts';

export interface SavedUpload {
  /** the private folder (removed by discard()) */
  dir: string;
  file: string;
  bytes: number;
  checksum: string;
  discard(): void;
}

export const tooLarge = (maxBytes: number) => {
  const mb = Math.round(maxBytes / 1024 ** 2);
  return new ImportError('file_too_large', `Tệp quá lớn: tối đa ${mb} MB`, `File too large: ${mb} MB at most`, { maxBytes }, 413);
};

/**
 * Streams `body` into a new temporary file. `declared` is the request's Content-Length (NaN when absent).
 * @throws ImportError 413 past `maxBytes`, 422 when empty
 */
export async function saveUpload(body: ReadableStream<Uint8Array> | null, declared: number, maxBytes: number): Promise<SavedUpload> {
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!body) throw new ImportError('file_empty', 'Không có tệp gửi lên', 'No file was sent');
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-upload-'));
  const discard = () => rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, 'upload');
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as never), counter, createWriteStream(file));
    if (bytes === 0) throw new ImportError('file_empty', 'Tệp rỗng', 'The file is empty');
  } catch (e) {
    discard();
    if (e instanceof ImportError) throw e;
    // the client went away mid-upload (aborted, connection lost)
    throw new ImportError('upload_incomplete', 'Tải tệp lên không trọn vẹn (bị ngắt giữa chừng): hãy gửi lại', 'The upload did not complete (interrupted): send the file again');
  }
  return { dir, file, bytes, checksum: hash.digest('hex'), discard };
}
