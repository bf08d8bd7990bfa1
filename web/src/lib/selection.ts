import type { SearchHitKind } from '../../../server/domain/api.ts';

/**
 * The kinds of the API's search hits, and 'feature': a feature of a layer that has no kind of its
 * own (its id 'layer/id', its panel from the layer's detail SQL; docs/layers.md).
 */
export type SelectionKind = SearchHitKind | 'feature';

/** What the user picked on the map or in search; the kind and id of the API (search hit ids). */
export interface Selection {
  kind: SelectionKind;
  /** unit code, village code, 'tk:568', 'k:568/3', plot id, 'lon,lat', or 'layer/id' */
  id: string;
}

/** Every selection kind (a Record, so a new search kind that is not listed fails the type check). */
const KIND_SET: Record<SelectionKind, true> = {
  commune: true, district: true, unit2025: true, village: true, tieukhu: true, khoanh: true, plot: true, coordinate: true, feature: true,
};
const KINDS = Object.keys(KIND_SET) as SelectionKind[];

/** 'commune:23245' → {kind, id}; null for anything malformed. */
export function parseSelection(s: string | null | undefined): Selection | null {
  if (!s) return null;
  const i = s.indexOf(':');
  if (i <= 0) return null;
  const kind = s.slice(0, i) as SelectionKind;
  const id = s.slice(i + 1);
  if (!KINDS.includes(kind) || !id) return null;
  return { kind, id };
}

export function formatSelection(sel: Selection): string {
  return `${sel.kind}:${sel.id}`;
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return a?.kind === b?.kind && a?.id === b?.id;
}

/** tk number of a 'tk:568' id. */
export function tieukhuNumber(id: string): number | null {
  const m = /^(?:tk:)?(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

/** tk and khoảnh numbers of a 'k:568/3' id. */
export function khoanhNumbers(id: string): { tk: number; khoanh: number } | null {
  const m = /^(?:k:)?(\d+)\/(\d+)$/.exec(id);
  return m ? { tk: Number(m[1]), khoanh: Number(m[2]) } : null;
}

/** 'lon,lat' of a coordinate selection. */
export function coordinateOf(id: string): [number, number] | null {
  const parts = id.split(',').map(Number);
  return parts.length === 2 && parts.every(Number.isFinite) ? [parts[0], parts[1]] : null;
}

/** Layer and id of a 'feature' selection ('ocop/12' → {layer: 'ocop', id: '12'}). */
export function featureOf(id: string): { layer: string; id: string } | null {
  const m = /^([a-z][a-z0-9]*)\/(.+)$/.exec(id);
  return m ? { layer: m[1]!, id: m[2]! } : null;
}
