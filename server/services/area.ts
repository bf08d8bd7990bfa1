/**
 * Area analysis: a drawn polygon, a commune, a tiểu khu or a plan's lô → communes touched
 * (area shares, NTM status), lô by land type / function / class, planting areas by result,
 * villages inside with their criteria. The analysis is server/sql/planner/area.sql.
 */
import type { Sql } from 'postgres';
import type { MultiPolygon } from 'geojson';
import { sqlFile } from '../sql/load.ts';
import type { AreaAnalysis, AreaClassRow, AreaQuery } from '../domain/planner.ts';
import { HttpError, notFound } from '../http/errors.ts';

interface ClassJson {
  key: string;
  m2: number;
  count: number;
}
interface ResultJson {
  areaM2: number;
  bbox: [number, number, number, number];
  geometry: MultiPolygon;
  communes: { code: string; name: string; districtName: string; m2: number; communeM2: number; ntm: { year: number; met: number; of: number; level: string } | null }[];
  lots: { count: number; m2: number };
  byLandType: ClassJson[];
  byFunction: ClassJson[];
  byClass: ClassJson[];
  planting: { planted: number; accepted: number; replant: number; rejected: number; notInspected: number; withdrawn: number };
  villages: { code: string; name: string; communeName: string; ethnicMinority: boolean; crit: { year: number; met: number; of: number } | null }[];
}

const ha = (m2: number) => Math.round(m2 / 100) / 100; // m² → ha, 2 decimals
const r2 = (v: number) => Math.round(v * 100) / 100;
const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);
const classes = (rows: ClassJson[]): AreaClassRow[] => rows.map((r) => ({ key: r.key, areaHa: ha(r.m2), count: r.count }));

/**
 * The grid size of area.sql's overlays ($5) on this database: -1 (floating point, GEOS retries a
 * failed noding itself) on PostgreSQL; 1e-9° snap-rounding on the embedded database, whose GEOS in
 * WebAssembly cannot catch its own exceptions (area.sql explains). Asked once per connection pool.
 */
const gridSizes = new WeakMap<Sql, Promise<number>>();
export function overlayGridSize(sql: Sql): Promise<number> {
  let g = gridSizes.get(sql);
  if (!g) {
    g = sql<{ v: string }[]>`SELECT version() AS v`.then(([r]) => (r && !/emscripten|wasm/i.test(r.v) ? -1 : 1e-9));
    g.catch(() => gridSizes.delete(sql)); // a failed look-up (database down) is asked again next time
    gridSizes.set(sql, g);
  }
  return g;
}

/** 422 (bilingual, with PostGIS's reason) unless the drawn geometry is valid. */
async function assertValid(sql: Sql, geojson: string): Promise<void> {
  const [v] = await sql<{ ok: boolean; reason: string }[]>`
    SELECT ST_IsValid(g) AS ok, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON(${geojson}) AS g) x`;
  if (!v?.ok) {
    throw new HttpError(422, 'invalid_geometry', `Vùng vẽ không hợp lệ (tự cắt hoặc chồng lấn): ${v?.reason ?? ''}`, `The drawn area is not a valid polygon (self-intersection or overlap): ${v?.reason ?? ''}`);
  }
}

/** Analyses an area; 404 for an unknown commune, tiểu khu or plan (or a plan without lô). */
export async function analyseArea(sql: Sql, q: AreaQuery): Promise<AreaAnalysis> {
  let params: [string | null, string | null, number | null, number | null];
  let source: AreaAnalysis['source'];
  if ('type' in q) {
    const text = JSON.stringify(q);
    await assertValid(sql, text);
    params = [text, null, null, null];
    source = { kind: 'drawn', id: null, label: null };
  } else if ('commune' in q) {
    params = [null, q.commune, null, null];
    source = { kind: 'commune', id: q.commune, label: null };
  } else if ('tieuKhu' in q) {
    params = [null, null, q.tieuKhu, null];
    source = { kind: 'tieuKhu', id: String(q.tieuKhu), label: `TK ${q.tieuKhu}` };
  } else {
    params = [null, null, null, q.planId];
    source = { kind: 'plan', id: String(q.planId), label: null };
  }
  const [row] = await sql.unsafe<{ result: ResultJson }[]>(sqlFile('planner/area'), [...params, await overlayGridSize(sql)] as unknown as never[]);
  if (!row) throw notFound({ vi: 'vùng phân tích (xã, tiểu khu hoặc kế hoạch)', en: 'The area (commune, tiểu khu or plan)' });
  const r = row.result;
  if (source.kind === 'commune') source.label = r.communes.find((c) => c.code === source.id)?.name ?? null;
  if (source.kind === 'plan') {
    const [p] = await sql<{ name: string }[]>`SELECT name FROM planting_plan WHERE id = ${q && 'planId' in q ? q.planId : 0}`;
    source.label = p?.name ?? null;
  }
  return {
    source,
    areaHa: ha(r.areaM2),
    bbox: r.bbox,
    communes: r.communes.map((c) => ({
      code: c.code,
      name: c.name,
      districtName: c.districtName,
      areaHa: ha(c.m2),
      shareOfArea: share(c.m2, r.areaM2),
      shareOfCommune: share(c.m2, c.communeM2),
      ntm: c.ntm ? { year: c.ntm.year, criteriaMet: c.ntm.met, of: c.ntm.of, level: c.ntm.level } : null,
    })),
    plots: { count: r.lots.count, areaHa: ha(r.lots.m2), byLandType: classes(r.byLandType), byFunction: classes(r.byFunction), byClass: classes(r.byClass) },
    planting: {
      plantedHa: r2(r.planting.planted),
      acceptedHa: r2(r.planting.accepted),
      replantHa: r2(r.planting.replant),
      rejectedHa: r2(r.planting.rejected),
      notInspectedHa: r2(r.planting.notInspected),
      withdrawnHa: r2(r.planting.withdrawn),
    },
    villages: r.villages.map((v) => ({ code: v.code, name: v.name, communeName: v.communeName, ethnicMinority: v.ethnicMinority, year: v.crit?.year ?? null, criteriaMet: v.crit?.met ?? null, of: v.crit?.of ?? null })),
    geometry: r.geometry,
  };
}
