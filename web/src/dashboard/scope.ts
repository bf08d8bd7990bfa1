/**
 * The dashboard's scope from the map's selection: a district, a commune (with its district), or
 * the province; from 1 July 2025 (era 'after') a new commune or ward, or the province. A village
 * counts for its commune; anything else (a lô, a tiểu khu) leaves the province in view. Pure.
 */
import type { NtmTablesResponse } from '../../../server/domain/ntm.ts';
import type { Selection } from '../lib/selection.ts';

export type Scope =
  | { level: 'province' }
  | { level: 'district'; district: string }
  | { level: 'commune'; district: string; commune: string }
  /** a commune or ward of 1 July 2025 (era 'after'): its old units' records summed, counted, never averaged */
  | { level: 'unit2025'; unit: string };

/** A unit of 1 July 2025 and its old units' codes (GET /api/units2025). */
export interface Unit2025Codes {
  code: string;
  oldCodes: string[];
}

/**
 * @param province the province's NTM tables of the year (every programme commune with its district)
 * @param units2025 from 1 July 2025 (era 'after'): the new units with their old units' codes. A new
 *   unit selected is the scope, and so is the new unit an old commune or its village belongs to
 *   now; districts no longer exist. Null in the report era.
 * @example scopeOf({kind: 'commune', id: '23335'}, t) // {level: 'commune', district: '608', commune: '23335'}
 * @example scopeOf({kind: 'commune', id: '23281'}, t, units) // {level: 'unit2025', unit: '23281'}
 */
export function scopeOf(sel: Selection | null, province: Pick<NtmTablesResponse, 'units' | 'communes'>, units2025: Unit2025Codes[] | null = null): Scope {
  const communeCode = sel?.kind === 'commune' ? sel.id : sel?.kind === 'village' ? sel.id.split('-')[0]! : null;
  if (units2025) {
    const unit = sel?.kind === 'unit2025' ? units2025.find((u) => u.code === sel.id) : communeCode ? units2025.find((u) => u.oldCodes.includes(communeCode)) : undefined;
    return unit ? { level: 'unit2025', unit: unit.code } : { level: 'province' };
  }
  if (sel?.kind === 'district' && province.units.some((u) => u.code === sel.id)) return { level: 'district', district: sel.id };
  const c = communeCode ? province.communes.find((x) => x.code === communeCode) : undefined;
  return c ? { level: 'commune', district: c.districtCode, commune: c.code } : { level: 'province' };
}
