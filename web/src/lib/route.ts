/**
 * Screens addressed by a hash route ('#/admin'). Any other hash ('#map=…&year=…') is the map's
 * own state (urlState.ts), so both live in the same hash without clashing.
 */

/**
 * The route path of a location hash, or null for the map (the default screen).
 * @example routeOf('#/admin') // '/admin'
 * @example routeOf('#/ntm?year=2020') // '/ntm'
 * @example routeOf('#map=9/14.6/107.9') // null
 */
export function routeOf(hash: string): string | null {
  // a screen may carry its own state after '?' ('#/ntm?year=2020&district=608')
  const m = /^#(\/[\w\-/]*)(?:\?[\w=&.,/%-]*)?$/.exec(hash); // plain parameters only
  if (!m) return null;
  const path = m[1].replace(/\/+$/, '');
  return path === '' ? null : path;
}
