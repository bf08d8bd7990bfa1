/** Photos taken in the field, compressed on the phone before they are saved and sent (phones take 4–12 MB pictures). */
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
 * A picture file as a JPEG of at most 1280 px on its long side and MAX_PHOTO_BYTES, compressed on
 * the phone by browser-image-compression (it lowers the quality step by step until the size fits,
 * and turns the picture upright by its EXIF orientation). Its web worker is off: the worker would
 * load the library from a CDN, which the forest does not reach. Rejects for files the browser
 * cannot decode or that cannot be brought under the size.
 */
export async function preparePhoto(file: File): Promise<PhotoDraft> {
  const { default: imageCompression } = await import('browser-image-compression');
  const blob = await imageCompression(file, {
    maxSizeMB: (MAX_PHOTO_BYTES * 0.95) / (1024 * 1024),
    maxWidthOrHeight: MAX_SIDE,
    fileType: 'image/jpeg',
    initialQuality: 0.8,
    useWebWorker: false,
  });
  if (blob.size > MAX_PHOTO_BYTES) throw new Error('photo too large');
  return { contentType: 'image/jpeg', dataBase64: await blobToBase64(blob), preview: URL.createObjectURL(blob) };
}

/** A photo as saved in the outbox, back as a draft with its thumbnail (correcting a saved entry). */
export function photoFromBody(p: { contentType: string; dataBase64: string }): PhotoDraft {
  const bytes = Uint8Array.from(atob(p.dataBase64), (c) => c.charCodeAt(0));
  return { contentType: 'image/jpeg', dataBase64: p.dataBase64, preview: URL.createObjectURL(new Blob([bytes], { type: p.contentType })) };
}

/** A random idempotency key; crypto.randomUUID needs https, getRandomValues works on a plain http LAN address too. */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
