import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './errors.ts';

/**
 * A route's body limit with the bilingual 413. The whole API has 2 MB (app.ts); writes set a
 * smaller limit per route, sized to what their body can legitimately hold.
 *
 * @example .put('/x', smallBodies(32 * 1024), handler)
 */
export function smallBodies(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        errorBody(c, 'body_too_large', `Dữ liệu gửi lên quá lớn (tối đa ${maxSize / 1024} KB)`, `Request body too large (${maxSize / 1024} KB at most)`),
        413,
      ),
  });
}
