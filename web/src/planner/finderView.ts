/**
 * What the site finder shows: the units of the planner's scope, the bounds of its results (the map
 * follows the finder), and how many rows the list holds. Pure.
 */
import type { PlannerUnit } from './plannerApi.ts';

/** Rows listed under the search (the map shows all of them). */
export const SHOWN_ROWS = 200;

/**
 * The districts and communes a planner may plan for: their scope (a district: all its communes; a
 * commune: it and its district). Anyone else, or a province-wide scope, sees every unit.
 */
export function plannerScope(
  me: { roles: readonly string[]; scopes: readonly { code: string }[] } | null,
  units: readonly PlannerUnit[],
): { districts: PlannerUnit[]; communes: PlannerUnit[]; limited: boolean } {
  const all = { districts: units.filter((u) => u.level === 'district'), communes: units.filter((u) => u.level === 'commune'), limited: false };
  if (!me || !me.roles.includes('planner') || me.roles.includes('admin')) return all;
  const codes = new Set(me.scopes.map((s) => s.code));
  if (codes.size === 0 || codes.has('62')) return all;
  const communes = all.communes.filter((c) => codes.has(c.code) || (c.parentCode != null && codes.has(c.parentCode)));
  const districtCodes = new Set([...all.districts.filter((d) => codes.has(d.code)).map((d) => d.code), ...communes.map((c) => c.parentCode!)]);
  return { districts: all.districts.filter((d) => districtCodes.has(d.code)), communes, limited: true };
}

/** The bounds of all the rows' bboxes, or null without rows. */
export function resultsBounds(rows: readonly { bbox: [number, number, number, number] }[]): [number, number, number, number] | null {
  if (rows.length === 0) return null;
  return rows.reduce<[number, number, number, number]>(
    (b, r) => [Math.min(b[0], r.bbox[0]), Math.min(b[1], r.bbox[1]), Math.max(b[2], r.bbox[2]), Math.max(b[3], r.bbox[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** The bounds of MultiPolygon geometries (a reopened plan's lô). */
export function geometryBounds(geoms: readonly { coordinates: number[][][][] }[]): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  for (const g of geoms) for (const poly of g.coordinates) for (const ring of poly) for (const [x, y] of ring as [number, number][]) {
    b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  }
  return b;
}
