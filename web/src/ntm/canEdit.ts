import type { MeResponse } from '../../../server/auth/contract.ts';

/**
 * Whether the signed-in user may edit criteria of a unit whose chain (the unit, its district,
 * the province) is given: the editor role with a scope on the chain. The server decides anyway
 * (403 out_of_scope); this only keeps buttons away from those who would be refused.
 * @example canEditCriteria(me, ['23329', '608', '62'])
 */
export function canEditCriteria(me: MeResponse | null, chain: readonly string[]): boolean {
  if (!me?.user || !me.roles.includes('editor') || me.user.mustChangePassword) return false;
  return chain.some((code) => me.scopes.some((s) => s.code === code));
}
