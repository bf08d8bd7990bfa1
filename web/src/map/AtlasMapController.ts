/**
 * The one imperative map wrapper: owns the maplibre map (and, once the planner or the inspector
 * draws something, the deck.gl overlay). It receives a declarative style (lib/style.ts, villages
 * included) and reports picks and view changes through callbacks. Panels never touch the map object.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import { isOverlayEmpty, type PlannerOverlay } from '../planner/overlay.ts';
import type { DeckOverlay } from './deckOverlay.ts';
import type { VillageFeatureProps } from '../../../server/domain/api.ts';
import type { Camera } from '../lib/camera.ts';
import { PICKABLE_LAYERS, selectionFromFeature } from '../layers/registry.ts';
import type { Selection } from '../lib/selection.ts';
import type { MapView } from '../lib/urlState.ts';
import { villagesDrawnAt } from '../layers/villages/symbol.ts';

export interface MapCallbacks {
  /** A click on the map: the topmost village or feature, or null on empty map. */
  onPick(sel: Selection | null, at: [number, number]): void;
  /** The view after a move ended (for the URL). */
  onViewChange(view: MapView): void;
  /** Tooltip text of a hovered village (or null for none). */
  villageTooltip(p: VillageFeatureProps): string | null;
  /** The map became idle (everything drawn) or busy again. */
  onIdleChange?(idle: boolean): void;
}

export interface MapInit {
  container: HTMLElement;
  style: StyleSpecification;
  view: MapView | null;
  bounds: [number, number, number, number];
  callbacks: MapCallbacks;
  /** Device pixels per CSS pixel (the print page draws at ≥ 200 dpi); default: the screen's. */
  pixelRatio?: number;
}

/** Keep the map around the province (with room to pan) so nobody gets lost on a phone. */
function maxBoundsAround(b: [number, number, number, number]): [[number, number], [number, number]] {
  const padX = (b[2] - b[0]) * 0.8;
  const padY = (b[3] - b[1]) * 0.8;
  return [
    [b[0] - padX, b[1] - padY],
    [b[2] + padX, b[3] + padY],
  ];
}

const prefersReducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export class AtlasMapController {
  readonly map: maplibregl.Map;
  private idle = false;
  private callbacks: MapCallbacks;
  private readonly provinceBounds: [number, number, number, number];
  private style: StyleSpecification;
  private styleWaiting = false;
  private firstStyleLoaded = false;
  private readonly tooltip: HTMLDivElement;
  // planner and inspector marks: deck.gl, loaded on the first overlay with something to draw
  private plannerOverlay: PlannerOverlay | null = null;
  private deck: DeckOverlay | null = null;
  private deckLoading = false;
  private destroyed = false;
  private clickInterceptor: ((at: [number, number]) => void) | null = null;

  constructor(init: MapInit) {
    this.callbacks = init.callbacks;
    this.provinceBounds = init.bounds;
    this.style = init.style;
    const view = init.view;
    this.map = new maplibregl.Map({
      container: init.container,
      style: init.style,
      ...(view ? { center: view.center, zoom: view.zoom } : { bounds: init.bounds, fitBoundsOptions: { padding: 24 } }),
      maxBounds: maxBoundsAround(init.bounds),
      maxZoom: 17.5,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      hash: false,
      // no request leaves the app's origin unless a basemap is configured
      localIdeographFontFamily: 'sans-serif',
      // keeps the last frame in the canvas so it can be copied for printing
      canvasContextAttributes: { preserveDrawingBuffer: true },
      ...(init.pixelRatio ? { pixelRatio: init.pixelRatio } : {}),
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');

    this.tooltip = document.createElement('div');
    this.tooltip.className = 'atlas-tooltip map-tooltip';
    this.tooltip.hidden = true;
    init.container.appendChild(this.tooltip);
    this.map.on('mousemove', (e) => this.hover(e.point));
    this.map.on('mouseout', () => this.hover(null));

    this.map.on('idle', () => {
      this.idle = true;
      document.body.dataset.mapIdle = 'true';
      this.callbacks.onIdleChange?.(true);
    });
    // the first view (fitted to the province or read from the URL) is reported too
    this.map.once('load', () => this.reportView());
    this.map.once('style.load', () => (this.firstStyleLoaded = true));
    this.map.on('movestart', () => this.markBusy());
    this.map.on('moveend', () => this.reportView());
    this.map.on('click', (e) => this.handleClick(e.point, [e.lngLat.lng, e.lngLat.lat]));
  }

  private reportView() {
    const c = this.map.getCenter();
    this.callbacks.onViewChange({ center: [c.lng, c.lat], zoom: this.map.getZoom() });
  }

  private markBusy() {
    const was = this.idle;
    this.idle = false;
    document.body.dataset.mapIdle = 'false';
    if (was) this.callbacks.onIdleChange?.(false);
  }

  /** True after the map's 'idle' event, until the next move or data change (and deck.gl, when asked for, loaded). */
  isIdle(): boolean {
    return this.idle && !this.deckLoading;
  }

  setCallbacks(callbacks: MapCallbacks) {
    this.callbacks = callbacks;
  }

  /** Applies a new declarative style as a diff (visibility, filters, tile URLs). */
  setStyle(style: StyleSpecification) {
    if (style === this.style) return;
    this.style = style;
    this.markBusy();
    // A diff needs the first style loaded: until then, apply the latest style once it is. Not
    // isStyleLoaded(), which is also false while any source or tile loads (the village GeoJSON
    // being parsed, tiles of a new view): 'style.load' never fires again then, and every later
    // change would wait for it.
    if (!this.firstStyleLoaded) {
      if (!this.styleWaiting) {
        this.styleWaiting = true;
        this.map.once('style.load', () => {
          this.styleWaiting = false;
          this.map.setStyle(this.style, { diff: true });
          this.map.triggerRepaint();
        });
      }
      return;
    }
    this.map.setStyle(style, { diff: true });
    // a style without changes fires no new 'idle': ask for one
    this.map.triggerRepaint();
  }

  /**
   * The planner's overlay: site finder results, plan lô, village buffers and the lô inside, the
   * analysed area, the shape being drawn, the inspector's position and pin — deck.gl layers
   * (map/deckOverlay.ts), loaded with deck.gl the first time there is something to draw.
   */
  setPlannerOverlay(o: PlannerOverlay) {
    this.plannerOverlay = o;
    if (this.deck) {
      this.markBusy();
      this.deck.draw(o);
      return;
    }
    if (isOverlayEmpty(o) || this.deckLoading) return;
    this.deckLoading = true;
    this.markBusy();
    import('./deckOverlay.ts')
      .then(({ DeckOverlay }) => {
        if (this.destroyed) return;
        this.deck = new DeckOverlay(this.map);
        this.deck.draw(this.plannerOverlay ?? o);
      })
      .catch((e: unknown) => console.error('deck.gl overlay failed to load', e))
      .finally(() => {
        this.deckLoading = false;
        this.map.triggerRepaint(); // a new 'idle' once drawn
      });
  }

  /** While set, map clicks go to this handler (the planner's drawing and measuring tools). */
  setClickInterceptor(fn: ((at: [number, number]) => void) | null) {
    this.clickInterceptor = fn;
    this.map.getCanvas().style.cursor = fn ? 'crosshair' : '';
  }

  /** Moves the map (animated unless the user prefers reduced motion). */
  moveTo(camera: Camera) {
    const animate = !prefersReducedMotion();
    if (camera.kind === 'bounds') {
      this.map.fitBounds(camera.bounds, { padding: this.fitPadding(), maxZoom: camera.maxZoom, animate, duration: 900 });
    } else {
      this.map.flyTo({ center: camera.center, zoom: camera.zoom, animate, duration: 1000 });
    }
  }

  /** Zooms in (+1) or out (-1) around the centre. */
  zoomBy(delta: number) {
    this.map.easeTo({ zoom: this.map.getZoom() + delta, animate: !prefersReducedMotion(), duration: 300 });
  }

  /** Screen position (CSS pixels, relative to the map container) of a longitude/latitude. */
  project(lon: number, lat: number): [number, number] {
    const p = this.map.project([lon, lat]);
    return [p.x, p.y];
  }

  /** Villages drawn: in the style's source, the layer on and the zoom at or above theirs (for the test hook). */
  villageCount(): number {
    if (!this.villagesShown()) return 0;
    const src = this.style.sources.villages;
    return src?.type === 'geojson' && typeof src.data === 'object' && 'features' in src.data ? src.data.features.length : 0;
  }

  /** The village layer is on and the map at its zoom. */
  private villagesShown(): boolean {
    return villagesDrawnAt(this.map.getZoom()) && this.map.getLayer('villages') != null && this.map.getLayoutProperty('villages', 'visibility') !== 'none';
  }

  /** The village under a screen point (within 6 px of its dot), nearest first. */
  private villageAt(point: { x: number; y: number }): VillageFeatureProps | null {
    if (!this.villagesShown()) return null;
    const r = 6;
    const hits = this.map.queryRenderedFeatures(
      [
        [point.x - r, point.y - r],
        [point.x + r, point.y + r],
      ],
      { layers: ['villages'] },
    );
    let best: VillageFeatureProps | null = null;
    let bestD = Infinity;
    for (const f of hits) {
      if (f.geometry.type !== 'Point') continue;
      const p = this.map.project(f.geometry.coordinates as [number, number]);
      const d = Math.hypot(p.x - point.x, p.y - point.y);
      if (d < bestD) {
        bestD = d;
        best = f.properties as VillageFeatureProps;
      }
    }
    return best;
  }

  /** A village's tooltip and the pointer cursor while the mouse is over its dot. */
  private hover(point: { x: number; y: number } | null) {
    const v = point && !this.clickInterceptor ? this.villageAt(point) : null;
    const text = v ? this.callbacks.villageTooltip(v) : null;
    this.tooltip.hidden = !text;
    if (text && point) {
      this.tooltip.textContent = text;
      this.tooltip.style.transform = `translate(${Math.round(point.x + 12)}px, ${Math.round(point.y + 12)}px)`;
    }
    if (!this.clickInterceptor) this.map.getCanvas().style.cursor = v ? 'pointer' : '';
  }

  /**
   * Jumps to a view given from outside (a pasted or edited link) unless the map is already
   * there, up to the rounding of the URL, so the map's own moves never echo back.
   */
  syncView(view: MapView) {
    const c = this.map.getCenter();
    const same = Math.abs(c.lng - view.center[0]) < 1e-4 && Math.abs(c.lat - view.center[1]) < 1e-4 && Math.abs(this.map.getZoom() - view.zoom) < 0.02;
    if (!same) this.map.jumpTo({ center: view.center, zoom: view.zoom });
  }

  /** Back to the whole province. */
  resetView() {
    this.map.fitBounds(this.provinceBounds, { padding: 24, animate: !prefersReducedMotion() });
  }

  private fitPadding(): number {
    const c = this.map.getContainer();
    return Math.round(Math.min(c.clientWidth, c.clientHeight) * 0.12);
  }

  resize() {
    this.map.resize();
  }

  private handleClick(point: { x: number; y: number }, at: [number, number]) {
    if (this.clickInterceptor) {
      this.clickInterceptor(at);
      return;
    }
    // below the villages' zoom they are not drawn: a click at province zoom chooses the commune
    const v = this.villageAt(point);
    if (v) {
      this.callbacks.onPick({ kind: 'village', id: v.code }, at);
      return;
    }
    const layers = PICKABLE_LAYERS.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
    const features = layers.length ? this.map.queryRenderedFeatures([point.x, point.y], { layers }) : [];
    for (const f of features) {
      const sel = selectionFromFeature(f.sourceLayer ?? f.source, f.properties ?? {});
      if (sel) {
        this.callbacks.onPick(sel, at);
        return;
      }
    }
    this.callbacks.onPick(null, at);
  }

  destroy() {
    this.destroyed = true;
    this.deck?.destroy();
    this.map.remove();
  }
}
