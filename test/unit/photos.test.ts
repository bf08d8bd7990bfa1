import { describe, expect, it } from 'vitest';
import { HttpError } from '../../server/http/errors.ts';
import { preparePhoto, sniffImage } from '../../server/services/photos.ts';
import { exifWithGps, hasGps, jpeg, png, webp } from '../helpers/images.ts';

const refused = async (bytes: Uint8Array) => {
  const e = await preparePhoto(bytes, 2, { keepLocation: false }).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(HttpError);
  const h = e as HttpError;
  expect([h.status, h.code]).toEqual([422, 'invalid_photo']);
  expect(h.vi).toMatch(/^Ảnh 2: /);
  return h;
};

describe('photos: only images, by their bytes (issue 13 #9)', () => {
  it('recognises JPEG, PNG and WebP by their magic numbers', () => {
    expect(sniffImage(jpeg(4, 3))).toBe('image/jpeg');
    expect(sniffImage(png(4, 3))).toBe('image/png');
    expect(sniffImage(webp(4, 3))).toBe('image/webp');
  });

  it('refuses what is not one of them, whatever it claims to be', async () => {
    await refused(Buffer.from('<html><script>alert(1)</script></html>'));
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
    await refused(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
    await refused(Buffer.from('%PDF-1.7\n'));
    await refused(Buffer.alloc(0));
  });

  it('refuses a damaged image and one whose dimensions are too large', async () => {
    expect((await refused(png(4, 3).subarray(0, 20))).en).toMatch(/damaged/);
    expect((await refused(png(5000, 1))).en).toMatch(/5000×1/);
    expect((await refused(jpeg(3000, 6000))).en).toMatch(/too large/);
    expect((await refused(webp(4097, 10))).en).toMatch(/too large/);
  });

  it('takes the type from the bytes and strips the GPS position unless it is wanted', async () => {
    for (const [make, type] of [[jpeg, 'image/jpeg'], [png, 'image/png'], [webp, 'image/webp']] as const) {
      const bytes = make(40, 30, { exif: exifWithGps() });
      expect(hasGps(bytes)).toBe(true);
      const stripped = await preparePhoto(bytes, 1, { keepLocation: false });
      expect(stripped.data.length).toBeLessThan(bytes.length);
      expect(stripped.contentType).toBe(type);
      expect(hasGps(stripped.data), type).toBe(false);
      expect(sniffImage(stripped.data)).toBe(type); // still the same kind of image
      const kept = await preparePhoto(bytes, 1, { keepLocation: true });
      expect(hasGps(kept.data), type).toBe(true);
    }
  });
});
