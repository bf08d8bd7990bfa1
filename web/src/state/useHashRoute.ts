import { useEffect, useState } from 'react';
import { routeOf } from '../lib/route.ts';

/** The current screen route ('/admin'), or null for the map. */
export function useHashRoute(): string | null {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
