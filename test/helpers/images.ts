/**
 * Small images made in the test, byte by byte: a real PNG (zlib-compressed rows, CRCs), and JPEG
 * and WebP files with correct structure (markers, chunk sizes, dimensions), each optionally
 * carrying an EXIF block with a GPS position — what a phone camera writes.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** A TIFF/EXIF block whose GPS IFD holds a latitude reference and a latitude (14° 21′ N). */
export function exifWithGps(): Buffer {
  const b = Buffer.alloc(8 + 2 + 12 + 4 + 2 + 12 * 2 + 4 + 24);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4); // IFD0 at 8
  b.writeUInt16LE(1, 8); // one entry: GPSInfo pointer
  b.writeUInt16LE(0x8825, 10);
  b.writeUInt16LE(4, 12); // LONG
  b.writeUInt32LE(1, 14);
  b.writeUInt32LE(26, 18); // GPS IFD at 26
  b.writeUInt32LE(0, 22); // no next IFD
  b.writeUInt16LE(2, 26); // GPS IFD: two entries
  b.writeUInt16LE(1, 28); // GPSLatitudeRef
  b.writeUInt16LE(2, 30); // ASCII
  b.writeUInt32LE(2, 32);
  b.write('N\0', 36, 'latin1');
  b.writeUInt16LE(2, 40); // GPSLatitude
  b.writeUInt16LE(5, 42); // RATIONAL
  b.writeUInt32LE(3, 44);
  b.writeUInt32LE(56, 48); // values at 56
  b.writeUInt32LE(0, 52);
  [14, 1, 21, 1, 0, 1].forEach((v, i) => b.writeUInt32LE(v, 56 + i * 4));
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A real, decodable RGB PNG of w × h green pixels. */
/**
 * A w×h RGB PNG: plain green, or (noise) random pixels — a photo-sized file that stays large after a
 * phone's compression.
 */
export function png(w: number, h: number, opts: { exif?: Buffer; noise?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row[1 + x * 3 + 1] = 0x80;
  const raw = opts.noise
    ? Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.alloc(1), randomBytes(w * 3)])))
    : Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(opts.exif ? [pngChunk('eXIf', opts.exif)] : []),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** A baseline JPEG's structure: SOI, APP0 JFIF, optional APP1 Exif, SOF0 (w × h), SOS, EOI. */
export function jpeg(w: number, h: number, opts: { exif?: Buffer } = {}): Buffer {
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(h, 1);
  sof.writeUInt16BE(w, 3);
  sof[5] = 3;
  for (let i = 0; i < 3; i++) sof.set([i + 1, 0x11, 0], 6 + i * 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(opts.exif ? [segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), opts.exif]))] : []),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0xd9]),
  ]);
}

function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** An extended WebP's structure: VP8X with the canvas size (and the EXIF flag), optional EXIF chunk. */
export function webp(w: number, h: number, opts: { exif?: Buffer } = {}): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = opts.exif ? 0x08 : 0;
  vp8x.writeUIntLE(w - 1, 4, 3);
  vp8x.writeUIntLE(h - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), riffChunk('VP8X', vp8x), ...(opts.exif ? [riffChunk('EXIF', opts.exif)] : [])]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Whether the bytes still carry the GPS block made by exifWithGps(). */
export const hasGps = (bytes: Uint8Array) => Buffer.from(bytes).includes(exifWithGps());
