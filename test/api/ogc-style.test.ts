/**
 * /api/style.json (issue 14): the web app's MapLibre style, served with absolute tile URLs of the
 * requesting host, valid by MapLibre's own style validator, with the same colours as the app
 * (the same builder), and every tile URL in it answering. Read-only; both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TILE_LAYERS } from '../../server/domain/layers.ts';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { plotColorExpression, communeColorExpression } from '../../web/src/lib/style.ts';
import { authTestApp, Client, errorOf, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let anon: Client;

beforeAll(async () => {
  t = await authTestApp();
  anon = new Client(t.app, '127.0.0.1', 'http://atlas.example:8080');
});

describe('GET /api/style.json', () => {
  it('is a valid MapLibre style with absolute tile URLs of this server and the app\'s colours', async () => {
    const res = await anon.get('/api/style.json');
    expect(res.status).toBe(200);
    const s = (await res.json()) as StyleSpecification;
    expect(validateStyleMin(s).filter((e) => !/glyphs/.test(e.message))).toEqual([]);
    const urls = Object.values(s.sources).flatMap((src) => ('tiles' in src && src.tiles ? src.tiles : []));
    expect(urls.length).toBeGreaterThanOrEqual(5);
    // the layers of the registry (the villages travel as tiles too)
    const tiles = new RegExp(`^http://atlas\\.example:8080/api/tiles/(${TILE_LAYERS.join('|')})/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt`);
    for (const u of urls) expect(u).toMatch(tiles);
    const [{ y }] = await t.sql<{ y: number }[]>`SELECT max(year)::int AS y FROM assessment WHERE scope = 'commune'`;
    expect((s.sources.communes as { tiles: string[] }).tiles[0]).toContain(`year=${y}`);
    const layer = (id: string) => s.layers.find((l) => l.id === id) as { paint: Record<string, unknown> } | undefined;
    expect(layer('plots-fill')!.paint['fill-color']).toEqual(plotColorExpression());
    expect(layer('communes-fill')!.paint['fill-color']).toEqual(communeColorExpression('count'));
  });

  it('points at tiles that exist', async () => {
    const s = (await (await anon.get('/api/style.json?plantingYear=2021')).json()) as StyleSpecification;
    const plots = (s.sources.plots as { tiles: string[] }).tiles[0]!;
    expect(plots).toContain('plantingYear=2021');
    const path = plots.replace('http://atlas.example:8080', '').replace('{z}/{x}/{y}', '13/6552/3769');
    const tile = await anon.get(path);
    expect(tile.status).toBe(200);
  });

  it('can leave layers out and refuses unknown ones', async () => {
    const s = (await (await anon.get('/api/style.json?layers=communes,districts')).json()) as StyleSpecification;
    const vis = (id: string) => (s.layers.find((l) => l.id === id) as { layout?: { visibility?: string } }).layout?.visibility;
    expect(vis('plots-fill')).toBe('none');
    expect(vis('communes-fill')).toBe('visible');
    const e = await errorOf(await anon.get('/api/style.json?layers=roads'));
    expect(e.status).toBe(400);
  });
});
