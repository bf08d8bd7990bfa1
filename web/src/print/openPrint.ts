/**
 * "In bản đồ": opens the print page in a new tab for the map as it is — the share-link state in
 * the hash and the ground the screen shows as bbox — where the paper and orientation are chosen
 * and the page printed (web/src/print/PrintPage.tsx).
 */
import { formatHash, type AtlasUrlState } from '../lib/urlState.ts';
import { printSearch, viewBounds, type PrintRequest } from './paper.ts';

/** The print page's URL for a map state; bbox from the map element's size when the view is known. */
export function printUrl(state: AtlasUrlState, mapSize: { width: number; height: number } | null, r: Pick<PrintRequest, 'paper' | 'orientation'> = { paper: 'A4', orientation: 'landscape' }): string {
  const bbox = state.view && mapSize && mapSize.width > 0 && mapSize.height > 0 ? viewBounds(state.view, mapSize.width, mapSize.height) : undefined;
  return `${location.pathname}${printSearch({ ...r, bbox })}${formatHash(state)}`;
}

export function openPrint(state: AtlasUrlState): void {
  const el = document.querySelector<HTMLElement>('[data-testid="map"]');
  open(printUrl(state, el ? { width: el.clientWidth, height: el.clientHeight } : null), '_blank');
}
