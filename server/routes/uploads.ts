import { Hono } from 'hono';
import { z } from 'zod';
import { authorize } from '../auth/guards.ts';
import { readJson, readQuery } from '../http/validate.ts';
import { HttpError } from '../http/errors.ts';
import { smallBodies } from '../http/body-limit.ts';
import { ContentRange, MAX_CHUNK_BYTES, UploadCreateBody, UploadId, type UploadState } from '../domain/uploads.ts';
import { appendChunk, createUpload, uploadState } from '../services/uploads.ts';

/**
 * Resumable photo uploads for inspectors (contract and rules: server/domain/uploads.ts).
 *
 *   POST /api/uploads       declare a photo { size, contentType, sha256 } → 201 with its id
 *   GET  /api/uploads/:id   how far it got (HEAD answers the same headers: Upload-Offset, Upload-Length)
 *   PUT  /api/uploads/:id   the next chunk, Content-Range + application/octet-stream
 */
const withOffset = (s: UploadState) => ({ 'Upload-Offset': String(s.received), 'Upload-Length': String(s.size), 'Cache-Control': 'no-store' });

export const uploads = new Hono()
  .post('/', smallBodies(4 * 1024), async (c) => {
    const user = await authorize(c, 'inspector');
    const body = await readJson(c, UploadCreateBody);
    const s = await createUpload(c.var.sql, user.id, body);
    return c.json(s, 201, withOffset(s));
  })
  .get('/:id', async (c) => {
    const user = await authorize(c, 'inspector');
    const { id } = readQuery(c, UploadId, c.req.param());
    const s = await uploadState(c.var.sql, user.id, id);
    return c.json(s, 200, withOffset(s));
  })
  .put('/:id', smallBodies(MAX_CHUNK_BYTES + 1024), async (c) => {
    const user = await authorize(c, 'inspector');
    const { id } = readQuery(c, UploadId, c.req.param());
    const { range } = readQuery(c, z.object({ range: ContentRange }), { range: c.req.header('content-range') });
    if (!/^application\/octet-stream\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new HttpError(415, 'unsupported_media_type', 'Phần ảnh gửi lên phải ở dạng application/octet-stream', 'A chunk must be sent as application/octet-stream');
    }
    const chunk = new Uint8Array(await c.req.arrayBuffer());
    const s = await appendChunk(c.var.sql, user.id, id, range, chunk);
    return c.json(s, 200, withOffset(s));
  });
