/**
 * Resumable photo uploads (issue 16): a photo declared, sent in chunks, resumed from the server's
 * offset after a cut, verified (sha-256, the image rules), owned by its user, expired when never
 * attached, and attached to an inspection in the inspection's one transaction — once, whatever
 * the resends. Both databases.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InspectionResponse } from '../../server/domain/forest.ts';
import type { UploadState } from '../../server/domain/uploads.ts';
import { authTestApp, createUser, errorOf, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';
import { exifWithGps, hasGps, jpeg, png } from '../helpers/images.ts';

let t: AuthTestApp;
const c: Record<string, Client> = {};
interface Target {
  plantingId: number;
  year: number;
}
let free: Target[] = [];
let seq = 0;
const requestId = () => `upl-${TARGET}-${Date.now().toString(36)}-${++seq}`;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  t = await authTestApp();
  // uninspected plantings, newest lô first (inspections.test.ts takes the oldest)
  free = (
    await t.sql<{ id: string; year: number }[]>`
      SELECT g.id, g.year
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      WHERE c.parent_code <> '608' AND g.withdrawn_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.planting_id = g.id)
        AND g.year = (SELECT max(year) FROM planting WHERE year < 2026)
        AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year > g.year)
      ORDER BY g.id DESC
      LIMIT 6`
  ).map((r) => ({ plantingId: Number(r.id), year: r.year }));
  if (free.length < 4) throw new Error(`demo data lack uninspected plantings (found ${free.length})`);
  for (const [username, roles] of [
    ['up-inspector', ['inspector']],
    ['up-other', ['inspector']],
    ['up-viewer', ['viewer']],
  ] as const) {
    const [exists] = await t.sql`SELECT 1 FROM app_user WHERE username = ${username}`;
    if (!exists) await createUser(t.sql, { username, roles: [...roles], scopes: ['62'] });
    c[username] = await signedIn(t.app, username);
  }
});

/** A chunk PUT with binary bytes (the test client sends strings). */
async function put(who: Client, id: string, bytes: Uint8Array, start: number, total: number, headers: Record<string, string> = {}): Promise<Response> {
  return who.app.request(
    `http://localhost/api/uploads/${id}`,
    {
      method: 'PUT',
      headers: {
        Cookie: who.cookie!,
        'X-CSRF-Token': who.csrf!,
        'Content-Type': 'application/octet-stream',
        'Content-Range': `bytes ${start}-${start + bytes.byteLength - 1}/${total}`,
        ...headers,
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    },
    { incoming: { socket: { remoteAddress: who.ip } } },
  );
}

async function declare(who: Client, bytes: Uint8Array, over: Record<string, unknown> = {}): Promise<UploadState> {
  const res = await who.post('/api/uploads', { size: bytes.byteLength, contentType: 'image/jpeg', sha256: sha(bytes), ...over });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as UploadState;
}

/** Sends `bytes` from `from` in chunks of `size`; the states answered. */
async function sendAll(who: Client, id: string, bytes: Uint8Array, size = 4096, from = 0, until = bytes.byteLength): Promise<UploadState> {
  let last: UploadState | null = null;
  for (let at = from; at < until; at += size) {
    const res = await put(who, id, bytes.subarray(at, Math.min(at + size, until)), at, bytes.byteLength);
    expect(res.status, await res.clone().text()).toBe(200);
    last = (await res.json()) as UploadState;
  }
  return last!;
}

/** A JPEG of some kilobytes (several chunks), optionally with a GPS position in its EXIF. */
const photo = (w = 300, h = 200, gps = false) => {
  const j = jpeg(w, h, gps ? { exif: exifWithGps() } : {});
  const scan = randomBytes(Math.round((w * h) / 8)).map((b) => (b === 0xff ? 0xfe : b)); // entropy-coded data, no markers
  return new Uint8Array(Buffer.concat([j.subarray(0, j.length - 2), scan, j.subarray(j.length - 2)]));
};

const inspection = (g: Target, over: Record<string, unknown> = {}) => ({
  plantingId: g.plantingId,
  inspectedOn: `${g.year + 1}-11-20`,
  stage: 1,
  lastInspectionId: null,
  clientRequestId: requestId(),
  plots: [{ areaM2: 100, planted: 16, surviving: 14 }],
  ...over,
});

describe(`resumable photo uploads (${TARGET})`, () => {
  it('takes chunks in order, tells the offset (GET and HEAD), and completes on the last one', async () => {
    const bytes = photo();
    expect(bytes.byteLength).toBeGreaterThan(3 * 1024);
    const u = await declare(c['up-inspector']!, bytes);
    expect(u).toMatchObject({ received: 0, complete: false, size: bytes.byteLength, inspectionId: null });
    const first = await put(c['up-inspector']!, u.id, bytes.subarray(0, 1024), 0, bytes.byteLength);
    expect(first.status).toBe(200);
    expect(first.headers.get('upload-offset')).toBe('1024');
    const head = await c['up-inspector']!.request('HEAD', `/api/uploads/${u.id}`);
    expect([head.status, head.headers.get('upload-offset'), head.headers.get('upload-length')]).toEqual([200, '1024', String(bytes.byteLength)]);
    const done = await sendAll(c['up-inspector']!, u.id, bytes, 1024, 1024);
    expect(done).toMatchObject({ received: bytes.byteLength, complete: true });
    const got = (await (await c['up-inspector']!.get(`/api/uploads/${u.id}`)).json()) as UploadState;
    expect(got.complete).toBe(true);
  });

  it('refuses a gap and an overlap with other bytes clearly (409 with the offset); the same chunk again changes nothing', async () => {
    const bytes = photo();
    const u = await declare(c['up-inspector']!, bytes);
    expect((await put(c['up-inspector']!, u.id, bytes.subarray(0, 1000), 0, bytes.byteLength)).status).toBe(200);
    const gap = await errorOf(await put(c['up-inspector']!, u.id, bytes.subarray(2000, 3000), 2000, bytes.byteLength));
    expect([gap.status, gap.code, gap.body.received]).toEqual([409, 'upload_offset', 1000]);
    expect(gap.vi).toMatch(/phải bắt đầu từ byte 1000/);
    const other = new Uint8Array(bytes.subarray(500, 1500));
    other[0] = other[0]! ^ 0xff;
    const overlap = await errorOf(await put(c['up-inspector']!, u.id, other, 500, bytes.byteLength));
    expect([overlap.status, overlap.code, overlap.body.received]).toEqual([409, 'upload_offset', 1000]);
    const again = await put(c['up-inspector']!, u.id, bytes.subarray(0, 1000), 0, bytes.byteLength);
    expect(again.status).toBe(200);
    expect(((await again.json()) as UploadState).received).toBe(1000);
    const [row] = await t.sql<{ n: number }[]>`SELECT octet_length(data)::int AS n FROM photo_upload WHERE id = ${u.id}`;
    expect(row!.n).toBe(1000);
    // bad ranges and bodies: 400 / 415, bilingual
    const noRange = await errorOf(await put(c['up-inspector']!, u.id, bytes.subarray(1000, 2000), 1000, bytes.byteLength, { 'Content-Range': 'bytes=1000-' }));
    expect([noRange.status, noRange.code]).toEqual([400, 'invalid_input']);
    const wrongTotal = await errorOf(await put(c['up-inspector']!, u.id, bytes.subarray(1000, 2000), 1000, bytes.byteLength + 1));
    expect([wrongTotal.status, wrongTotal.code]).toEqual([400, 'invalid_range']);
    const text = await put(c['up-inspector']!, u.id, bytes.subarray(1000, 2000), 1000, bytes.byteLength, { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const tooBig = await errorOf(await put(c['up-inspector']!, u.id, new Uint8Array(300 * 1024), 1000, 400 * 1024));
    expect([tooBig.status, tooBig.code]).toEqual([413, 'body_too_large']);
    const wideRange = await errorOf(await put(c['up-inspector']!, u.id, bytes.subarray(1000, 2000), 1000, 400 * 1024, { 'Content-Range': `bytes 1000-${1000 + 257 * 1024}/${400 * 1024}` }));
    expect([wideRange.status, wideRange.code]).toEqual([400, 'invalid_input']);
    const short = await errorOf(await put(c['up-inspector']!, u.id, bytes.subarray(1000, 1500), 1000, bytes.byteLength, { 'Content-Range': `bytes 1000-1999/${bytes.byteLength}` }));
    expect([short.status, short.code]).toEqual([400, 'invalid_range']);
  });

  it('resumes after a cut from the offset the server reports', async () => {
    const bytes = photo(400, 300);
    const u = await declare(c['up-inspector']!, bytes);
    await sendAll(c['up-inspector']!, u.id, bytes, 1000, 0, 3000);
    // the phone lost its signal and its memory of how far it got: it asks
    const again = await signedIn(t.app, 'up-inspector');
    const state = (await (await again.get(`/api/uploads/${u.id}`)).json()) as UploadState;
    expect(state.received).toBe(3000);
    const done = await sendAll(again, u.id, bytes, 1000, state.received);
    expect(done.complete).toBe(true);
    const [row] = await t.sql<{ data: Uint8Array }[]>`SELECT data FROM photo_upload WHERE id = ${u.id}`;
    expect(Buffer.from(row!.data).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses a wrong checksum and a file that is not an image (422), dropping the upload', async () => {
    const bytes = photo();
    const wrong = await declare(c['up-inspector']!, bytes, { sha256: sha(new Uint8Array([1, 2, 3])) });
    await sendAll(c['up-inspector']!, wrong.id, bytes, 2048, 0, 2048);
    const e = await errorOf(await put(c['up-inspector']!, wrong.id, bytes.subarray(2048), 2048, bytes.byteLength));
    expect([e.status, e.code]).toEqual([422, 'upload_checksum']);
    expect(e.vi).toMatch(/sha-256/);
    expect((await c['up-inspector']!.get(`/api/uploads/${wrong.id}`)).status).toBe(404);

    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>'.repeat(20));
    const notImage = await declare(c['up-inspector']!, html);
    const n = await errorOf(await put(c['up-inspector']!, notImage.id, html, 0, html.byteLength));
    expect([n.status, n.code]).toEqual([422, 'invalid_photo']);
    expect(n.vi).toMatch(/JPEG, PNG hoặc WebP/);
    expect((await c['up-inspector']!.get(`/api/uploads/${notImage.id}`)).status).toBe(404);

    const pngBytes = new Uint8Array(png(20, 20));
    const declaredJpeg = await declare(c['up-inspector']!, pngBytes);
    const p = await errorOf(await put(c['up-inspector']!, declaredJpeg.id, pngBytes, 0, pngBytes.byteLength));
    expect([p.status, p.code]).toEqual([422, 'invalid_photo']);

    const huge = new Uint8Array(jpeg(5000, 100));
    const h = await declare(c['up-inspector']!, huge);
    expect((await errorOf(await put(c['up-inspector']!, h.id, huge, 0, huge.byteLength))).code).toBe('invalid_photo');
    // declared limits
    const big = await c['up-inspector']!.post('/api/uploads', { size: 301 * 1024, contentType: 'image/jpeg', sha256: sha(bytes) });
    expect(big.status).toBe(400);
  });

  it("keeps someone else's upload out of reach (404) and lets only inspectors upload", async () => {
    const bytes = photo();
    const u = await declare(c['up-inspector']!, bytes);
    expect((await c['up-other']!.get(`/api/uploads/${u.id}`)).status).toBe(404);
    expect((await put(c['up-other']!, u.id, bytes.subarray(0, 100), 0, bytes.byteLength)).status).toBe(404);
    await sendAll(c['up-inspector']!, u.id, bytes, 8192);
    const res = await c['up-other']!.post('/api/inspections', inspection(free[3]!, { photos: [{ uploadId: u.id }] }));
    const e = await errorOf(res);
    expect([e.status, e.code]).toEqual([422, 'upload_missing']);
    expect((await c['up-viewer']!.post('/api/uploads', { size: 10, contentType: 'image/jpeg', sha256: sha(bytes) })).status).toBe(403);
  });

  it('attaches uploads to an inspection once: the photo byte for byte, location removed without gps, a resend and a second attach change nothing', async () => {
    const g = free[0]!;
    const plain = photo(320, 240);
    const withGps = photo(200, 100, true);
    const a = await declare(c['up-inspector']!, plain);
    const b = await declare(c['up-inspector']!, withGps);
    await sendAll(c['up-inspector']!, a.id, plain, 2000);
    await sendAll(c['up-inspector']!, b.id, withGps, 2000);
    const body = inspection(g, { photos: [{ uploadId: a.id, caption: 'Ô số 1' }, { uploadId: b.id }] });
    const first = await c['up-inspector']!.post('/api/inspections', body);
    expect(first.status, await first.clone().text()).toBe(201);
    const r = (await first.json()) as InspectionResponse;
    expect(r.inspection.photos.map((p) => p.caption)).toEqual(['Ô số 1', null]);
    const one = Buffer.from(await (await c['up-viewer']!.get(r.inspection.photos[0]!.url)).arrayBuffer());
    expect(one.equals(Buffer.from(plain))).toBe(true);
    const two = Buffer.from(await (await c['up-viewer']!.get(r.inspection.photos[1]!.url)).arrayBuffer());
    expect(hasGps(withGps)).toBe(true);
    expect(hasGps(two)).toBe(false); // no gps shared with the inspection: the photo's position is removed
    // the bytes moved: one home for photos
    const rows = await t.sql<{ n: number; inspection_id: string; photo_no: number }[]>`
      SELECT octet_length(data)::int AS n, inspection_id, photo_no FROM photo_upload WHERE id IN (${a.id}, ${b.id}) ORDER BY photo_no`;
    expect(rows.map((x) => [x.n, Number(x.inspection_id), x.photo_no])).toEqual([
      [0, r.inspection.id, 1],
      [0, r.inspection.id, 2],
    ]);
    // the same inspection again (its answer was lost): the first result, no second photo
    const again = await c['up-inspector']!.post('/api/inspections', body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as InspectionResponse).inspection.id).toBe(r.inspection.id);
    // a resent last chunk of an attached upload is answered, not stored again
    expect((await put(c['up-inspector']!, a.id, plain.subarray(0, 2000), 0, plain.byteLength)).status).toBe(200);
    // the same upload named by another inspection: refused, nothing recorded
    const other = await errorOf(await c['up-inspector']!.post('/api/inspections', inspection(free[1]!, { photos: [{ uploadId: a.id }] })));
    expect([other.status, other.code]).toEqual([409, 'upload_attached']);
    const [count] = await t.sql<{ photos: number; inspections: number }[]>`
      SELECT (SELECT count(*)::int FROM inspection_photo WHERE inspection_id = ${r.inspection.id}) AS photos,
             (SELECT count(*)::int FROM inspection WHERE planting_id = ${free[1]!.plantingId}) AS inspections`;
    expect(count).toEqual({ photos: 2, inspections: 0 });
  });

  it('keeps inspection and photos in one transaction: a refused inspection attaches nothing, and the upload stays usable', async () => {
    const g = free[2]!;
    const bytes = photo();
    const u = await declare(c['up-inspector']!, bytes);
    await sendAll(c['up-inspector']!, u.id, bytes, 4096);
    const halfBytes = photo(100, 100);
    const half = await declare(c['up-inspector']!, halfBytes);
    await sendAll(c['up-inspector']!, half.id, halfBytes, 500, 0, 500);
    // the second photo is incomplete: refused after the first upload was taken
    const e = await errorOf(await c['up-inspector']!.post('/api/inspections', inspection(g, { photos: [{ uploadId: u.id }, { uploadId: half.id }] })));
    expect([e.status, e.code]).toEqual([422, 'upload_incomplete']);
    expect(e.vi).toMatch(/Ảnh 2/);
    // a stale lastInspectionId (409) after the photos were checked: nothing either
    const stale = await errorOf(await c['up-inspector']!.post('/api/inspections', inspection(g, { lastInspectionId: 1, photos: [{ uploadId: u.id }] })));
    expect(stale.status).toBe(409);
    const [row] = await t.sql<{ inspection_id: string | null; n: number }[]>`SELECT inspection_id, octet_length(data)::int AS n FROM photo_upload WHERE id = ${u.id}`;
    expect(row).toEqual({ inspection_id: null, n: bytes.byteLength });
    expect((await t.sql`SELECT 1 FROM inspection WHERE planting_id = ${g.plantingId}`).length).toBe(0);
    // then the inspection goes through with it
    const ok = await c['up-inspector']!.post('/api/inspections', inspection(g, { photos: [{ uploadId: u.id }] }));
    expect(ok.status).toBe(201);
  });

  it('drops uploads never attached once they expire', async () => {
    const bytes = photo();
    const old = await declare(c['up-inspector']!, bytes);
    await t.sql`UPDATE photo_upload SET expires_at = now() - interval '1 minute' WHERE id = ${old.id}`;
    await declare(c['up-other']!, bytes); // any new upload sweeps the expired ones
    expect((await t.sql`SELECT 1 FROM photo_upload WHERE id = ${old.id}`).length).toBe(0);
    expect((await c['up-inspector']!.get(`/api/uploads/${old.id}`)).status).toBe(404);
  });
});
