import type { SearchHitKind } from '../../../server/domain/api.ts';

/** What the user picked on the map or in search; the kind and id of the API (search hit ids). */
export interface Selection {
  kind: SearchHitKind;
  /** unit code, village code, 'tk:568', 'k:568/3', plot id, or 'lon,lat' */
  id: string;
}

const KINDS: readonly SearchHitKind[] = ['commune', 'district', 'village', 'tieukhu', 'khoanh', 'plot', 'coordinate'];

/** 'commune:23245' → {kind, id}; null for anything malformed. */
export function parseSelection(s: string | null | undefined): Selection | null {
  if (!s) return null;
  const i = s.indexOf(':');
  if (i <= 0) return null;
  const kind = s.slice(0, i) as SearchHitKind;
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

/**
 * The selection for a clicked map feature of a tile layer (topmost first), or null.
 * @example selectionFromFeature('communes', { code: '23245' }) // {kind: 'commune', id: '23245'}
 */
export function selectionFromFeature(layer: string, props: Record<string, unknown>): Selection | null {
  switch (layer) {
    case 'plots':
      return props.id != null ? { kind: 'plot', id: String(props.id) } : null;
    case 'khoanh':
      return props.tk != null && props.khoanh != null ? { kind: 'khoanh', id: `k:${props.tk}/${props.khoanh}` } : null;
    case 'tieukhu':
      return props.tk != null ? { kind: 'tieukhu', id: `tk:${props.tk}` } : null;
    case 'communes':
      return props.code != null ? { kind: 'commune', id: String(props.code) } : null;
    case 'districts':
      return props.code != null ? { kind: 'district', id: String(props.code) } : null;
    default:
      return null;
  }
}
