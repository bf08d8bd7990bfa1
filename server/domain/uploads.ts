/**
 * Resumable photo uploads (issue 16, docs/outbox.md): the contract shared by the server
 * (routes/uploads.ts, services/uploads.ts) and the phone (web/src/outbox/upload.ts).
 *
 *   POST /api/uploads            { size, contentType, sha256 } → 201 UploadState (received 0)
 *   GET  /api/uploads/:id        UploadState: how many bytes the server holds (HEAD: the same headers)
 *   PUT  /api/uploads/:id        the next bytes, `Content-Range: bytes start-end/size`,
 *                                Content-Type application/octet-stream → UploadState
 *
 * Chunks go in order: `start` must be the server's `received`. A chunk the server already holds,
 * sent again byte for byte (its answer was lost), is answered with the state and changes nothing;
 * a gap or an overlap with other bytes is refused (409 `upload_offset`, with `received`). The last
 * chunk completes the upload once its bytes match the declared sha-256 and are an image the
 * inspection accepts (422 otherwise, and the upload is dropped). An inspection then names the
 * upload in its photos (`{ uploadId, caption }`); attaching is part of its one transaction.
 */
import { z } from 'zod';
import { MAX_PHOTO_BYTES } from './forest.ts';

/** Largest chunk a PUT may carry; the phone sends 64 KB (UPLOAD_CHUNK_BYTES) over rural mobile. */
export const MAX_CHUNK_BYTES = 256 * 1024;
export const UPLOAD_CHUNK_BYTES = 64 * 1024;
/** Uploads of one user not yet attached to an inspection, at most. */
export const MAX_PENDING_UPLOADS = 40;
/** An upload never attached is dropped this long after its last chunk. */
export const UPLOAD_TTL_HOURS = 72;

export const UploadCreateBody = z
  .object({
    size: z
      .number({ error: 'Thiếu kích thước ảnh (size) / size is required' })
      .int()
      .min(1)
      .max(MAX_PHOTO_BYTES, { error: `Mỗi ảnh tối đa ${MAX_PHOTO_BYTES / 1024} KB / Each photo must be at most ${MAX_PHOTO_BYTES / 1024} KB` }),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp'], { error: 'Ảnh phải là JPEG, PNG hoặc WebP / Photos must be JPEG, PNG or WebP' }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Mã kiểm tra sha-256 phải là 64 chữ số hex / sha256 must be 64 lowercase hex digits' }),
  })
  .strict();
export type UploadCreateBody = z.input<typeof UploadCreateBody>;

export const UploadId = z.object({ id: z.uuid({ error: 'Mã tải lên không hợp lệ / Invalid upload id' }) });

/** `Content-Range: bytes start-end/size` (end inclusive), read into numbers. */
export const ContentRange = z
  .string({ error: 'Thiếu Content-Range (bytes đầu-cuối/tổng) / Content-Range is required (bytes start-end/size)' })
  .regex(/^bytes (0|[1-9]\d{0,9})-(0|[1-9]\d{0,9})\/([1-9]\d{0,9})$/, {
    error: 'Content-Range phải có dạng "bytes đầu-cuối/tổng" / Content-Range must be "bytes start-end/size"',
  })
  .transform((s) => {
    const [, a, b, t] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(s)!;
    return { start: Number(a), end: Number(b), total: Number(t) };
  })
  .refine((r) => r.end >= r.start && r.end < r.total, { error: 'Content-Range: cần đầu ≤ cuối < tổng / Content-Range needs start ≤ end < size' })
  .refine((r) => r.end - r.start + 1 <= MAX_CHUNK_BYTES, {
    error: `Mỗi phần tối đa ${MAX_CHUNK_BYTES / 1024} KB / Each chunk must be at most ${MAX_CHUNK_BYTES / 1024} KB`,
  });

/** What the server holds of an upload. */
export interface UploadState {
  id: string;
  size: number;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  sha256: string;
  /** bytes received, in order from the first: the next chunk starts here */
  received: number;
  /** all bytes received and verified (checksum, image): ready to attach */
  complete: boolean;
  /** the inspection it was attached to, once attached */
  inspectionId: number | null;
  expiresAt: string;
}
