/**
 * Photos of an outbox entry sent ahead of the inspection, resumably (issue 16; the server's side:
 * server/domain/uploads.ts). Over rural mobile (1.6 Mbit/s, drops) a photo goes in 64 KB chunks;
 * after each one the device records how far the server got (IndexedDB, the entry's `uploads`), so
 * a cut, a reload or a phone restart goes on from the server's offset — asked first, never
 * guessed — instead of sending the photo again whole. The inspection then names the uploads.
 */
import type { InlineInspectionBody, InspectionBody } from '../../../server/domain/forest.ts';
import { UPLOAD_CHUNK_BYTES, type UploadState } from '../../../server/domain/uploads.ts';
import { ApiRequestError, getJson, send, sendBytes } from '../api/http.ts';
import { getEntry, updateEntry, type OutboxEntry, type PhotoUpload } from './store.ts';

type InlinePhoto = NonNullable<InlineInspectionBody['photos']>[number];

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** crypto.subtle (the checksum) exists only on https and localhost; elsewhere photos go inline as before. */
export const canUpload = () => typeof crypto !== 'undefined' && !!crypto.subtle && typeof crypto.subtle.digest === 'function';

async function saveUpload(id: string, no: number, up: PhotoUpload | null, progress: OutboxEntry['photoProgress']): Promise<void> {
  const cur = await getEntry(id);
  const uploads = [...(cur?.uploads ?? [])];
  uploads[no] = up;
  await updateEntry(id, { uploads, photoProgress: progress });
}

/** A new upload declared for a photo (its size, type and checksum). */
async function declare(photo: InlinePhoto, bytes: Uint8Array): Promise<PhotoUpload> {
  const sha256 = await sha256Hex(bytes);
  const s = await send<UploadState>('POST', '/api/uploads', { size: bytes.byteLength, contentType: photo.contentType, sha256 });
  return { uploadId: s.id, size: s.size, sha256, received: 0, complete: false };
}

/** How far the server got with an upload; null when it no longer has it (expired, dropped). */
async function serverOffset(up: PhotoUpload): Promise<PhotoUpload | null> {
  try {
    const s = await getJson<UploadState>(`/api/uploads/${up.uploadId}`, undefined, { cache: 'no-store' });
    return { ...up, received: s.received, complete: s.complete };
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 404) return null;
    throw err;
  }
}

/**
 * Uploads every photo of the entry not yet complete on the server, chunk by chunk from the
 * server's offset, recording progress on the device after each chunk; returns the body to send,
 * its photos named by upload. Throws what the network or the server threw (the caller decides
 * whether the entry waits or is refused).
 */
export async function uploadPhotos(e: OutboxEntry): Promise<InspectionBody> {
  const photos = e.body.photos ?? [];
  if (photos.length === 0 || !canUpload()) return e.body as InspectionBody;
  const uploads = [...(e.uploads ?? [])];
  for (const [i, photo] of photos.entries()) {
    const bytes = fromBase64(photo.dataBase64);
    const progress = (up: PhotoUpload) => ({ no: i + 1, of: photos.length, pct: Math.floor((100 * up.received) / up.size) });
    let up = uploads[i] ?? null;
    if (up && up.size !== bytes.byteLength) up = null; // the photo was replaced (an edit)
    if (up?.complete) continue;
    if (up) up = await serverOffset(up); // resume: ask, never guess
    if (!up) {
      up = await declare(photo, bytes);
      await saveUpload(e.id, i, up, progress(up));
    }
    while (!up.complete) {
      const start = up.received;
      const end = Math.min(start + UPLOAD_CHUNK_BYTES, up.size);
      let s: UploadState;
      try {
        s = await sendBytes<UploadState>('PUT', `/api/uploads/${up.uploadId}`, bytes.subarray(start, end), { 'Content-Range': `bytes ${start}-${end - 1}/${up.size}` });
      } catch (err) {
        // the server holds other than we thought (an answer lost): go on from its offset
        const received = err instanceof ApiRequestError && err.status === 409 ? (err.body?.received as number | undefined) : undefined;
        if (received === undefined) throw err;
        s = { ...(await getJson<UploadState>(`/api/uploads/${up.uploadId}`, undefined, { cache: 'no-store' })) };
      }
      up = { ...up, received: s.received, complete: s.complete };
      uploads[i] = up;
      await saveUpload(e.id, i, up, progress(up));
    }
    uploads[i] = up;
  }
  return { ...e.body, photos: photos.map((p, i) => ({ uploadId: uploads[i]!.uploadId, caption: p.caption ?? null })) } as InspectionBody;
}

/** Answers to an inspection that mean its uploads are gone or unusable: upload them again once. */
export const UPLOAD_LOST = new Set(['upload_missing', 'upload_incomplete']);
