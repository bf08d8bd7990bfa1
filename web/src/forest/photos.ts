/** Photos taken in the field, scaled down in the browser before upload (phones take 4–12 MB pictures). */
import { MAX_PHOTO_BYTES } from '../../../server/domain/forest.ts';

export interface PhotoDraft {
  contentType: 'image/jpeg';
  dataBase64: string;
  /** object URL for the thumbnail */
  preview: string;
}

const MAX_SIDE = 1280;

function blobToBase64(b: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(b);
  });
}

/**
 * A picture file as a JPEG of at most 1280 px on its long side and MAX_PHOTO_BYTES, lowering the
 * quality until it fits. Rejects for files the browser cannot decode.
 */
export async function preparePhoto(file: File): Promise<PhotoDraft> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.8, 0.65, 0.5, 0.35]) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= MAX_PHOTO_BYTES) {
      return { contentType: 'image/jpeg', dataBase64: await blobToBase64(blob), preview: URL.createObjectURL(blob) };
    }
  }
  throw new Error('photo too large');
}

/** A random idempotency key; crypto.randomUUID needs https, getRandomValues works on a plain http LAN address too. */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
