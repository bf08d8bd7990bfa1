/**
 * Photos sent with an inspection, checked before they are stored:
 * - the type is read from the bytes (magic numbers), not from what the client declared: only JPEG,
 *   PNG and WebP are images here; anything else (HTML, SVG, a script with an image name) is refused;
 * - the size is bounded by the body schema (MAX_PHOTO_BYTES) and the dimensions here (a small file
 *   can announce a huge canvas that would exhaust a browser decoding it);
 * - location metadata: EXIF (and XMP) blocks carry the GPS position where a photo was taken. They are
 *   removed unless position is wanted — an inspection the inspector recorded with its position
 *   (`gps` given), where the photo's own position is evidence of the field visit and is kept
 *   deliberately. Without `gps` the inspector did not share a position, and the photo does not
 *   share it either.
 */
import { imageSize } from 'image-size';
import { HttpError } from '../http/errors.ts';

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Longest side and pixel count a photo may have (the browser scales to 1280 px before sending). */
export const MAX_PHOTO_SIDE = 4096;
export const MAX_PHOTO_PIXELS = 16_000_000;

/** The image type by its first bytes, or null. */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const refuse = (no: number, vi: string, en: string) =>
  new HttpError(422, 'invalid_photo', `Ảnh ${no}: ${vi}`, `Photo ${no}: ${en}`, { issues: [{ path: `photos.${no - 1}`, message: `${vi} / ${en}` }] });

/**
 * Removes EXIF and XMP blocks (where cameras write the GPS position) and keeps everything else
 * byte for byte: JPEG APP1 segments, PNG eXIf/tEXt/iTXt/zTXt chunks, WebP EXIF/XMP chunks (with
 * the VP8X flags and RIFF size fixed). A walk over the container's own structure, done here
 * because the small stripping library tried (exif-be-gone 1.5.1) misreads WebP chunk lengths.
 * Throws on a structure it cannot follow (the caller refuses the photo).
 */
export function stripMetadata(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = sniffImage(b);
  if (type === 'image/jpeg') return stripJpeg(b);
  if (type === 'image/png') return stripPng(b);
  if (type === 'image/webp') return stripWebp(b);
  throw new Error('not an image');
}

const isMetadataApp1 = (payload: Buffer) =>
  payload.subarray(0, 6).toString('latin1') === 'Exif\0\0' || payload.subarray(0, 29).toString('latin1') === 'http://ns.adobe.com/xap/1.0/\0';

function stripJpeg(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw new Error('bad JPEG marker');
    const marker = b[i + 1]!;
    if (marker === 0xd9 || marker === 0xda) break; // end, or start of scan: the rest is image data
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) throw new Error('bad JPEG segment');
    if (!(marker === 0xe1 && isMetadataApp1(b.subarray(i + 4, i + 2 + len)))) out.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  out.push(b.subarray(i));
  return Buffer.concat(out);
}

const PNG_METADATA = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);

function stripPng(b: Buffer): Buffer {
  const out: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const end = i + 12 + len;
    if (end > b.length) throw new Error('bad PNG chunk');
    if (!PNG_METADATA.has(b.toString('latin1', i + 4, i + 8))) out.push(b.subarray(i, end));
    i = end;
  }
  return Buffer.concat(out);
}

function stripWebp(b: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= b.length) {
    const type = b.toString('latin1', i, i + 4);
    const len = b.readUInt32LE(i + 4);
    const end = i + 8 + len + (len % 2);
    if (i + 8 + len > b.length) throw new Error('bad WebP chunk');
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = Buffer.from(b.subarray(i, Math.min(end, b.length)));
      if (type === 'VP8X') chunk[8] = chunk[8]! & ~0x0c; // no EXIF (0x08) or XMP (0x04) any more
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * A photo as it is stored: its type from its bytes, its dimensions checked, location metadata
 * removed unless `keepLocation`. 422 `invalid_photo` naming the photo (1-based `no`) otherwise.
 */
export async function preparePhoto(bytes: Uint8Array, no: number, opts: { keepLocation: boolean }): Promise<{ contentType: PhotoType; data: Buffer }> {
  const contentType = sniffImage(bytes);
  if (!contentType) throw refuse(no, 'chỉ nhận ảnh JPEG, PNG hoặc WebP', 'only JPEG, PNG or WebP images are accepted');
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw refuse(no, 'tệp ảnh bị hỏng', 'the image file is damaged');
  }
  const { width = 0, height = 0 } = size;
  if (width < 1 || height < 1) throw refuse(no, 'tệp ảnh bị hỏng', 'the image file is damaged');
  if (width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE || width * height > MAX_PHOTO_PIXELS) {
    throw refuse(no, `ảnh quá lớn (${width}×${height}, tối đa ${MAX_PHOTO_SIDE} điểm ảnh mỗi cạnh)`, `image too large (${width}×${height}, at most ${MAX_PHOTO_SIDE} px a side)`);
  }
  let data: Buffer;
  try {
    const stripped = stripMetadata(bytes); // also proves the container's structure can be followed
    data = opts.keepLocation ? Buffer.from(bytes) : stripped;
  } catch {
    throw refuse(no, 'tệp ảnh bị hỏng', 'the image file is damaged');
  }
  return { contentType, data };
}
