import { useCallback, useEffect, useRef, useState } from 'react';
import { formatHash, parseHash, type AtlasUrlState } from '../lib/urlState.ts';
import { routeOf } from '../lib/route.ts';

export type UrlStateUpdate = Partial<AtlasUrlState> | ((s: AtlasUrlState) => Partial<AtlasUrlState>);

/**
 * The app state that lives in the URL hash (view, language, year, criterion, layers, selection):
 * read at load and on back/forward, written with replaceState so panning does not flood the
 * history. Leaves the hash alone while another screen (a '#/…' route) is shown.
 */
export function useUrlState(): [AtlasUrlState, (update: UrlStateUpdate) => void] {
  const [state, setState] = useState<AtlasUrlState>(() => parseHash(location.hash));
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const onHash = () => {
      if (routeOf(location.hash) == null) setState(parseHash(location.hash));
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const update = useCallback((u: UrlStateUpdate) => {
    const prev = latest.current;
    const next = { ...prev, ...(typeof u === 'function' ? u(prev) : u) };
    latest.current = next;
    setState(next);
    if (routeOf(location.hash) != null) return;
    const hash = formatHash(next);
    if (hash !== location.hash && !(hash === '' && location.hash === '')) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }
  }, []);

  return [state, update];
}
