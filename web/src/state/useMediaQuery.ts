import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches, kept up to date (e.g. the phone layout). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = matchMedia(query);
      mq.addEventListener('change', notify);
      return () => mq.removeEventListener('change', notify);
    },
    () => matchMedia(query).matches,
    () => false,
  );
}

/** The layout switches to the phone form (bottom sheet) at this width. */
export const PHONE_QUERY = '(max-width: 760px)';
