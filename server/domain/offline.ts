/**
 * What a phone takes into the forest: the offline package of one tiểu khu or one commune
 * (GET /api/offline/package). The web app stores it on the device (web/src/offline) and answers
 * the search box, "where am I", the lô panel and the tiểu khu panel from it when there is no
 * signal. Shapes are the online answers' own (PlotDetail, TieuKhuDetail, SearchHit), so the
 * panels cannot tell the difference. docs/offline.md.
 */
import { z } from 'zod';
import type { MultiPolygon, Polygon } from 'geojson';
import type { PlotDetail, SearchHit, TieuKhuDetail } from './api.ts';
import { UnitCode } from './api.ts';
import type { ForestCode } from './forest-code.ts';
import { PROVINCE_BOUNDS } from './geo.ts';

/** Either one tiểu khu or one commune — never both, never neither. */
export const OfflinePackageQuery = z
  .object({
    tieuKhu: z.coerce.number({ error: 'Số tiểu khu phải là số / The tiểu khu number must be a number' }).int().min(1).max(99_999).optional(),
    commune: UnitCode.optional(),
  })
  .refine((q) => (q.tieuKhu === undefined) !== (q.commune === undefined), {
    error: 'Chọn một tiểu khu hoặc một xã / Choose one tiểu khu or one commune',
  });
export type OfflinePackageQuery = z.infer<typeof OfflinePackageQuery>;

/** Vertices of a drawn area (tapped on a phone: a few dozen; an upper bound for a pasted one). */
export const OFFLINE_MAX_VERTICES = 1000;
const Position = z.tuple([z.number().finite(), z.number().finite()]);
/**
 * POST /api/offline/package: an area the inspector drew on the map. The body's shape is checked
 * here (400 invalid_input, like every route); the ring's rules — closed, at least three corners,
 * inside the province, not crossing itself, not too wide — are the service's 422 (drawnRingIssue,
 * then PostGIS's ST_IsValid and the area and lô counts), since a phone sends what was tapped.
 * A polygon does not fit a GET query comfortably (hundreds of vertices), hence a POST that writes nothing.
 */
export const OfflinePolygonBody = z
  .object({
    polygon: z
      .object({
        type: z.literal('Polygon', { error: 'Vùng vẽ phải là một Polygon GeoJSON / The drawn area must be a GeoJSON Polygon' }),
        // one outer ring (holes are not drawn on a phone); its vertices bounded as the planner's
        coordinates: z.array(z.array(Position).max(OFFLINE_MAX_VERTICES, { error: `Tối đa ${OFFLINE_MAX_VERTICES} điểm / At most ${OFFLINE_MAX_VERTICES} points` })).min(1).max(1, { error: 'Chỉ một vòng ngoài, không có lỗ / One outer ring only, no holes' }),
      })
      .strict(),
  })
  .strict();
export type OfflinePolygonBody = z.infer<typeof OfflinePolygonBody>;

/** The widest area that may be drawn (km²): its tiles at z17 stay a phone's download. A large commune's size. */
export const OFFLINE_MAX_AREA_KM2 = 1000;

/**
 * The rules of a drawn ring PostGIS is not asked (no query for a ring that is plainly wrong):
 * at least three corners, closed, inside the province's box. The refusal in both languages, or null.
 */
export function drawnRingIssue(ring: [number, number][]): { vi: string; en: string } | null {
  const say = (vi: string, en: string) => ({ vi, en });
  if (ring.length === 0) return say('Vùng vẽ không có điểm nào', 'The drawn area has no points');
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return say('Vùng vẽ không khép kín (điểm cuối phải trùng điểm đầu)', 'The drawn area is not closed (the last point must equal the first)');
  if (new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size < 3) return say('Vùng vẽ cần ít nhất 3 điểm khác nhau', 'The drawn area needs at least 3 distinct points');
  const [w, s, e, n] = PROVINCE_BOUNDS;
  if (ring.some(([x, y]) => x < w || x > e || y < s || y > n)) return say('Vùng vẽ ra ngoài phạm vi tỉnh Kon Tum', 'The drawn area goes outside Kon Tum province');
  return null;
}

/** More lô than a phone should carry in one area: choose tiểu khu instead. */
export const OFFLINE_MAX_PLOTS = 20_000;

/** Map zooms prepared for offline: from a tiểu khu's whole to a lô's edges (the issue's z10–17). */
export const OFFLINE_ZOOMS = { min: 10, max: 17 } as const;

export type AreaGeometry = Polygon | MultiPolygon;

/** One entry of the offline search index: the hit the online search would give, and what finds it. */
export interface OfflineSearchEntry {
  hit: SearchHit;
  /** a forest unit's numbers (matched against parseForestCode of the query) */
  code?: ForestCode;
  /** a name, folded and without spaces (matched as the online search does: contains) */
  name?: string;
}

export interface OfflinePackage {
  /** a drawn area's code is a digest of its ring (the same drawing is the same area); its label says its size */
  area: { kind: 'tieukhu' | 'commune' | 'drawn'; code: string; label: string; bbox: [number, number, number, number]; areaHa?: number };
  /** when the server made it (ISO) */
  generatedAt: string;
  /** data_version of every layer when it was made: newer versions online make it stale */
  dataVersions: Record<string, number>;
  plots: { detail: PlotDetail; geometry: AreaGeometry }[];
  tieuKhu: { detail: TieuKhuDetail; geometry: AreaGeometry }[];
  khoanh: { tk: number; khoanh: number; geometry: AreaGeometry }[];
  /** the communes the area lies in, with their district and province (for "where am I") */
  communes: { code: string; name: string; district: { code: string; name: string }; province: { code: string; name: string }; geometry: AreaGeometry }[];
  search: OfflineSearchEntry[];
}
