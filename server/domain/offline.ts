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
  area: { kind: 'tieukhu' | 'commune'; code: string; label: string; bbox: [number, number, number, number] };
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
