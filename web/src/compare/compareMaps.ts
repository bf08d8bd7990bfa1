/**
 * Two maplibre maps with one camera: what the compare view draws (side by side, or stacked under a
 * swipe divider). Either map may be moved; the other follows in the same frame. Reports the view
 * for the URL, and publishes a test hook (window.__atlasCompare) like the main map's.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import type { MapView } from '../lib/urlState.ts';

export type Side = 'left' | 'right';

export interface CompareHook {
  readonly idle: boolean;
  /** Page position (CSS pixels) of a longitude/latitude on one side. */
  project(side: Side, lon: number, lat: number): [number, number];
  readonly zoom: number;
  /** A side's camera centre [lon, lat] (the two must agree). */
  center(side: Side): [number, number];
}

declare global {
  interface Window {
    __atlasCompare?: CompareHook;
  }
}

export interface CompareInit {
  left: HTMLElement;
  right: HTMLElement;
  styles: Record<Side, StyleSpecification>;
  view: MapView | null;
  bounds: [number, number, number, number];
  onView(view: MapView): void;
}

export class CompareMaps {
  readonly maps: Record<Side, maplibregl.Map>;
  private idle: Record<Side, boolean> = { left: false, right: false };
  private syncing = false;
  private styleLoaded: Record<Side, boolean> = { left: false, right: false };

  constructor(init: CompareInit) {
    const make = (side: Side) => {
      const map = new maplibregl.Map({
        container: init[side],
        style: init.styles[side],
        ...(init.view ? { center: init.view.center, zoom: init.view.zoom } : { bounds: init.bounds, fitBoundsOptions: { padding: 24 } }),
        maxZoom: 17.5,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        localIdeographFontFamily: 'sans-serif',
        canvasContextAttributes: { preserveDrawingBuffer: true },
      });
      map.touchZoomRotate.disableRotation();
      map.keyboard.disableRotation();
      map.on('idle', () => (this.idle[side] = true));
      map.once('style.load', () => (this.styleLoaded[side] = true));
      map.on('movestart', () => (this.idle[side] = false));
      map.on('move', () => this.follow(side));
      map.on('moveend', () => {
        if (this.syncing) return;
        const c = map.getCenter();
        init.onView({ center: [c.lng, c.lat], zoom: map.getZoom() });
      });
      return map;
    };
    this.maps = { left: make('left'), right: make('right') };
    this.maps.left.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    // the right map starts where the left one is (a fitted province may differ by a pixel)
    this.maps.left.once('load', () => this.follow('left'));
    const maps = this.maps;
    const idle = this.idle;
    window.__atlasCompare = {
      get idle() {
        return idle.left && idle.right && maps.left.loaded() && maps.right.loaded();
      },
      get zoom() {
        return maps.left.getZoom();
      },
      center(side) {
        const c = maps[side].getCenter();
        return [c.lng, c.lat];
      },
      project(side, lon, lat) {
        const m = maps[side];
        const p = m.project([lon, lat]);
        const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
      },
    };
  }

  /** The other map takes this one's camera (no echo: its own move events are ignored meanwhile). */
  private follow(from: Side) {
    if (this.syncing) return;
    const src = this.maps[from];
    const dst = this.maps[from === 'left' ? 'right' : 'left'];
    this.syncing = true;
    try {
      dst.jumpTo({ center: src.getCenter(), zoom: src.getZoom() });
    } finally {
      this.syncing = false;
    }
  }

  private latest: Partial<Record<Side, StyleSpecification>> = {};

  /** A new style for one side, as a diff (after the first style has loaded; until then the latest waits). */
  setStyle(side: Side, style: StyleSpecification) {
    this.idle[side] = false;
    const map = this.maps[side];
    const waiting = this.latest[side] !== undefined;
    this.latest[side] = style;
    if (!this.styleLoaded[side]) {
      if (!waiting) map.once('style.load', () => this.setStyle(side, this.latest[side]!));
      return;
    }
    delete this.latest[side];
    map.setStyle(style, { diff: true });
    map.triggerRepaint();
  }

  /** After the panes changed size (side by side ↔ swipe, a rotated phone). */
  resize() {
    this.maps.left.resize();
    this.maps.right.resize();
    this.follow('left');
  }

  destroy() {
    delete window.__atlasCompare;
    this.maps.left.remove();
    this.maps.right.remove();
  }
}
