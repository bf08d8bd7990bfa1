/**
 * The plan being edited in the planner panel: pure helpers (no React), unit-tested.
 */
import type { MultiPolygon } from 'geojson';
import type { PlanBodyInput, PlanRecord, ScoreWeights, SiteRow } from '../../../server/domain/planner.ts';
import { siteScore } from '../../../server/domain/planner.ts';

export interface DraftSite {
  plotId: number;
  label: string;
  communeCode: string;
  communeName: string;
  lotAreaHa: number;
  areaHa: number;
  geometry: MultiPolygon | null;
}

export interface PlanDraft {
  id: number | null;
  version: number;
  name: string;
  year: number;
  unitCode: string;
  species: string;
  funding: '' | 'state' | 'self';
  households: string;
  note: string;
  sites: DraftSite[];
}

export const emptyDraft = (year: number, unitCode = ''): PlanDraft => ({
  id: null,
  version: 0,
  name: '',
  year,
  unitCode,
  species: '',
  funding: '',
  households: '',
  note: '',
  sites: [],
});

/** Adds a found lô to the draft (its whole area); a lô already there stays once. */
export function addSite(d: PlanDraft, r: SiteRow): PlanDraft {
  if (d.sites.some((s) => s.plotId === r.plotId)) return d;
  const site: DraftSite = { plotId: r.plotId, label: r.label, communeCode: r.communeCode, communeName: r.communeName, lotAreaHa: r.areaHa, areaHa: r.areaHa, geometry: r.geometry };
  return { ...d, sites: [...d.sites, site] };
}

export const removeSite = (d: PlanDraft, plotId: number): PlanDraft => ({ ...d, sites: d.sites.filter((s) => s.plotId !== plotId) });

/** Total planting area of the draft, ha (2 decimals). */
export const draftTotal = (d: PlanDraft): number => Math.round(d.sites.reduce((s, x) => s + x.areaHa, 0) * 100) / 100;

/** The body of POST/PUT /api/plans. */
export function draftBody(d: PlanDraft, clientRequestId?: string): PlanBodyInput {
  const households = d.households.trim() === '' ? null : Number(d.households);
  return {
    name: d.name.trim(),
    year: d.year,
    unitCode: d.unitCode,
    species: d.species.trim() || null,
    funding: d.funding || null,
    households: Number.isFinite(households) ? households : null,
    note: d.note.trim() || null,
    sites: d.sites.map((s) => (s.areaHa === s.lotAreaHa ? { plotId: s.plotId } : { plotId: s.plotId, areaHa: s.areaHa })),
    ...(d.id != null ? { version: d.version } : { clientRequestId }),
  };
}

/** A saved plan back into a draft (geometries come separately). */
export function draftOf(p: PlanRecord, geometries: Map<number, MultiPolygon> = new Map()): PlanDraft {
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    year: p.year,
    unitCode: p.unitCode,
    species: p.species ?? '',
    funding: p.funding ?? '',
    households: p.households == null ? '' : String(p.households),
    note: p.note ?? '',
    sites: p.sites.map((s) => ({ plotId: s.plotId, label: s.label, communeCode: s.communeCode, communeName: s.communeName, lotAreaHa: s.lotAreaHa, areaHa: s.areaHa, geometry: geometries.get(s.plotId) ?? null })),
  };
}

export type SortKey = 'score' | 'area' | 'distance' | 'label';

/** Results re-scored with the planner's weights and sorted (score: best first). */
export function rankRows(rows: readonly SiteRow[], weights: ScoreWeights, sort: SortKey): SiteRow[] {
  const scored = rows.map((r) => ({ ...r, score: siteScore(r.components, weights) }));
  const dist = (r: SiteRow) => r.pointDistanceM ?? r.nearestVillage?.distanceM ?? Infinity;
  const cmp: Record<SortKey, (a: SiteRow, b: SiteRow) => number> = {
    score: (a, b) => b.score - a.score || b.areaHa - a.areaHa || a.plotId - b.plotId,
    area: (a, b) => b.areaHa - a.areaHa || a.plotId - b.plotId,
    distance: (a, b) => dist(a) - dist(b) || a.plotId - b.plotId,
    label: (a, b) => a.tk - b.tk || a.khoanh - b.khoanh || a.lo.localeCompare(b.lo, 'vi', { numeric: true }),
  };
  return scored.sort(cmp[sort]);
}

// ---- field: undo of removals, unsaved changes, a local copy of the draft ----

/** A lô taken out of the draft, with its place in the list (for undo). */
export interface RemovedSite {
  site: DraftSite;
  index: number;
}

/** Removes a lô and says what was removed, so it can be put back. */
export function removeSiteKeeping(d: PlanDraft, plotId: number): { draft: PlanDraft; removed: RemovedSite | null } {
  const index = d.sites.findIndex((s) => s.plotId === plotId);
  if (index < 0) return { draft: d, removed: null };
  return { draft: removeSite(d, plotId), removed: { site: d.sites[index]!, index } };
}

/** Puts a removed lô back where it was (once). */
export function restoreSite(d: PlanDraft, r: RemovedSite): PlanDraft {
  if (d.sites.some((s) => s.plotId === r.site.plotId)) return d;
  const sites = [...d.sites];
  sites.splice(Math.min(r.index, sites.length), 0, r.site);
  return { ...d, sites };
}

/** What a save would write, to compare a draft with the last saved or opened state. */
const essence = (d: PlanDraft) => JSON.stringify({ ...draftBody(d), id: d.id, version: undefined, clientRequestId: undefined });

/** True when the draft holds changes not saved: against the last saved/opened plan, or a new plan with lô or a name. */
export function isDirty(d: PlanDraft, clean: PlanDraft | null): boolean {
  if (clean) return essence(d) !== essence(clean);
  return d.sites.length > 0 || d.name.trim() !== '' || d.note.trim() !== '';
}

export const LOCAL_DRAFT_KEY = 'atlas.planner.draft.v1';

/** The unsaved draft (and the state it started from) kept in the browser across reloads and closing the planner. */
export function keepLocalDraft(storage: Pick<Storage, 'setItem' | 'removeItem'>, d: PlanDraft, clean: PlanDraft | null): void {
  try {
    if (isDirty(d, clean)) storage.setItem(LOCAL_DRAFT_KEY, JSON.stringify({ draft: d, clean }));
    else storage.removeItem(LOCAL_DRAFT_KEY);
  } catch {
    /* storage full or disabled: the warning on leaving still protects the plan */
  }
}

export function readLocalDraft(storage: Pick<Storage, 'getItem'>): { draft: PlanDraft; clean: PlanDraft | null } | null {
  try {
    const raw = storage.getItem(LOCAL_DRAFT_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as { draft?: PlanDraft; clean?: PlanDraft | null };
    return v.draft && Array.isArray(v.draft.sites) ? { draft: v.draft, clean: v.clean ?? null } : null;
  } catch {
    return null;
  }
}

/** Adds lô from elsewhere (a buffer, the map) with their whole area; those already there stay once. */
export function addSites(d: PlanDraft, sites: readonly Omit<DraftSite, 'lotAreaHa'>[]): PlanDraft {
  const have = new Set(d.sites.map((s) => s.plotId));
  const fresh = sites.filter((s) => !have.has(s.plotId)).map((s) => ({ ...s, lotAreaHa: s.areaHa }));
  return fresh.length ? { ...d, sites: [...d.sites, ...fresh] } : d;
}
