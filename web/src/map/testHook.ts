import type maplibregl from 'maplibre-gl';

/**
 * What the browser tests read (window.__atlas): whether the map has drawn everything it was
 * asked to (style, tiles of the view, villages), and ways to turn a place into a pixel.
 * Also mirrored as `<html data-atlas-ready="true|false">`.
 */
export interface AtlasTestHook {
  /** The map is idle after the latest change, with its tiles and (when shown) the villages drawn. */
  readonly idle: boolean;
  readonly map: maplibregl.Map;
  /** Villages drawn (0 when the layer is off or the map below their zoom). */
  readonly villageCount: number;
  /** Page position (CSS pixels) of a longitude/latitude. */
  project(lon: number, lat: number): [number, number];
}

declare global {
  interface Window {
    __atlas?: AtlasTestHook;
  }
}

export function publishTestHook(hook: AtlasTestHook | undefined): void {
  window.__atlas = hook;
  if (!hook) delete document.documentElement.dataset.atlasReady;
}

export function markReady(ready: boolean): void {
  document.documentElement.dataset.atlasReady = String(ready);
}
