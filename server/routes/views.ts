import { Hono, type Context } from 'hono';
import { authorize, namesForReader, signedInUser } from '../auth/guards.ts';
import { HttpError } from '../http/errors.ts';
import { readJson, readParams, readQuery } from '../http/validate.ts';
import { smallBodies } from '../http/body-limit.ts';
import { writeContext } from '../write/context.ts';
import type { Role } from '../domain/roles.ts';
import { BriefingBody, EditedBriefingBody, EditedViewBody, IdParam, VersionQuery, ViewBody } from '../domain/views.ts';
import {
  briefingOr404,
  createBriefing,
  createView,
  deleteBriefing,
  deleteView,
  listBriefings,
  listViews,
  updateBriefing,
  updateView,
  viewOr404,
} from '../services/views.ts';

/**
 * Saved views and briefings (docs/meetings.md). Reading is open like the map (behind
 * REQUIRE_LOGIN_FOR_READ when set); writing needs one of the roles that prepare meetings.
 *
 *   GET    /api/views                  saved views, by name
 *   POST   /api/views                  save {name, query} → 201
 *   GET    /api/views/:id              one view
 *   PUT    /api/views/:id              {name, query, version} (409 with `current` when stale)
 *   DELETE /api/views/:id?version=N
 *   GET    /api/briefings              briefings (id, title, itemCount, version, updatedAt, updatedBy)
 *   POST   /api/briefings              {title, items: [{title, note, query}]} → 201
 *   GET    /api/briefings/:id          { id, title, items: [{ title, note, query }] } — the print CLI's contract
 *   PUT    /api/briefings/:id          {title, items, version}: the whole list, reordered/edited
 *   DELETE /api/briefings/:id?version=N
 */

/** Who prepares meetings: planners, criteria editors and administrators (not scoped: a view is not a unit's data). */
export const MEETING_ROLES: readonly Role[] = ['planner', 'editor', 'admin'];

/** 401 anonymous; 403 unless the user holds a meeting role (and the password checks of authorize). */
async function authorizeMeetings(c: Context) {
  const user = await signedInUser(c);
  const role = MEETING_ROLES.find((r) => user.roles.includes(r));
  if (!role) {
    throw new HttpError(
      403,
      'forbidden',
      'Tài khoản cần quyền lập kế hoạch, biên tập tiêu chí hoặc quản trị để lưu góc nhìn và bài trình bày',
      'Saving views and briefings needs the planner, editor or administrator role',
    );
  }
  return authorize(c, role);
}

const BODY_LIMIT = 256 * 1024;

export const views = new Hono()
  .get('/', async (c) => c.json(await namesForReader(c, await listViews(c.var.sql))))
  .post('/', smallBodies(BODY_LIMIT), async (c) => {
    await authorizeMeetings(c);
    const body = await readJson(c, ViewBody);
    return c.json(await createView(await writeContext(c), body), 201);
  })
  .get('/:id', async (c) => {
    const { id } = readParams(c, IdParam);
    return c.json(await namesForReader(c, await viewOr404(c.var.sql, id)));
  })
  .put('/:id', smallBodies(BODY_LIMIT), async (c) => {
    await authorizeMeetings(c);
    const { id } = readParams(c, IdParam);
    const body = await readJson(c, EditedViewBody);
    return c.json(await updateView(await writeContext(c), id, body));
  })
  .delete('/:id', async (c) => {
    await authorizeMeetings(c);
    const { id } = readParams(c, IdParam);
    const { version } = readQuery(c, VersionQuery);
    await deleteView(await writeContext(c), id, version);
    return c.json({ deleted: true, id });
  });

export const briefings = new Hono()
  .get('/', async (c) => c.json(await namesForReader(c, await listBriefings(c.var.sql))))
  .post('/', smallBodies(BODY_LIMIT), async (c) => {
    await authorizeMeetings(c);
    const body = await readJson(c, BriefingBody);
    return c.json(await createBriefing(await writeContext(c), body), 201);
  })
  .get('/:id', async (c) => {
    const { id } = readParams(c, IdParam);
    return c.json(await briefingOr404(c.var.sql, id));
  })
  .put('/:id', smallBodies(BODY_LIMIT), async (c) => {
    await authorizeMeetings(c);
    const { id } = readParams(c, IdParam);
    const body = await readJson(c, EditedBriefingBody);
    return c.json(await updateBriefing(await writeContext(c), id, body));
  })
  .delete('/:id', async (c) => {
    await authorizeMeetings(c);
    const { id } = readParams(c, IdParam);
    const { version } = readQuery(c, VersionQuery);
    await deleteBriefing(await writeContext(c), id, version);
    return c.json({ deleted: true, id });
  });
