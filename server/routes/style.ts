import { latestCommuneYear } from '../services/assessments.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { readQuery } from '../http/validate.ts';
import { PROVINCE_CENTER } from '../domain/geo.ts';
import { buildStyle } from '../../web/src/lib/style.ts';
import { LAYER_IDS, type LayerId } from '../../web/src/lib/layers.ts';

/**
 * GET /api/style.json — the web app's MapLibre style (the same pure builder, web/src/lib/style.ts)
 * with absolute tile URLs of this server, for QGIS ("Vector Tiles" connection → style URL) and
 * other MapLibre clients. Query: `year` (NTM assessment, default the latest), `plantingYear`,
 * `criterion`, `layers` (comma-separated; default every tile layer). README: the URLs for QGIS.
 */
const TILE_LAYERS = LAYER_IDS.filter((l) => l !== 'villages');
const StyleQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    plantingYear: z.coerce.number().int().min(2000).max(2100).optional(),
    criterion: z.coerce.number().int().min(1).max(50).optional(),
    layers: z
      .string()
      .max(200)
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(z.enum(TILE_LAYERS as [LayerId, ...LayerId[]])).min(1))
      .optional(),
  })
  .strict();

function origin(c: Context): string {
  const u = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() ?? u.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? c.req.header('host') ?? u.host;
  return `${proto}://${host}`;
}

export const style = new Hono().get('/style.json', async (c) => {
  const q = readQuery(c, StyleQuery);
  const year = q.year ?? (await latestCommuneYear(c.var.sql));
  const s = buildStyle({
    origin: origin(c),
    year,
    criterion: q.criterion ?? null,
    layers: q.layers ?? TILE_LAYERS,
    selection: null,
    basemap: null,
    plotFilter: q.plantingYear ? { plantingYear: q.plantingYear, communes: null, funding: null, classes: [], revision: 0 } : null,
  });
  return c.json({ ...s, name: 'Kon Tum Atlas', center: PROVINCE_CENTER, zoom: 8 }, 200, { 'Cache-Control': 'no-cache' });
});
