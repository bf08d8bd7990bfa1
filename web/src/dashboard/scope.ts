/**
 * The dashboard's scope from the map's selection: a district, a commune (with its district), or
 * the province. A village counts for its commune; anything else (a lô, a tiểu khu) leaves the
 * province in view. Pure.
 */
import type { NtmTablesResponse } from '../../../server/domain/ntm.ts';
import type { Selection } from '../lib/selection.ts';

export type Scope =
  | { level: 'province' }
  | { level: 'district'; district: string }
  | { level: 'commune'; district: string; commune: string };

/**
 * @param province the province's NTM tables of the year (every programme commune with its district)
 * @example scopeOf({kind: 'commune', id: '23335'}, t) // {level: 'commune', district: '608', commune: '23335'}
 */
export function scopeOf(sel: Selection | null, province: Pick<NtmTablesResponse, 'units' | 'communes'>): Scope {
  if (sel?.kind === 'district' && province.units.some((u) => u.code === sel.id)) return { level: 'district', district: sel.id };
  const communeCode = sel?.kind === 'commune' ? sel.id : sel?.kind === 'village' ? sel.id.split('-')[0]! : null;
  const c = communeCode ? province.communes.find((x) => x.code === communeCode) : undefined;
  return c ? { level: 'commune', district: c.districtCode, commune: c.code } : { level: 'province' };
}
