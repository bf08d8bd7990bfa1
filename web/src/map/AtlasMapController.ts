/**
 * The one imperative map wrapper: owns the maplibre map and the deck.gl overlay. It receives a
 * declarative style (lib/style.ts) and village data, and reports picks and view changes through
 * callbacks. Panels never touch the map object.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { PlannerOverlay } from '../planner/overlay.ts';
import type { Feature, Point } from 'geojson';
import type { VillageFeatureProps } from '../../../server/domain/api.ts';
import type { Camera } from '../lib/camera.ts';
import { PICKABLE_LAYERS, selectionFromFeature } from '../layers/registry.ts';
import type { Selection } from '../lib/selection.ts';
import type { MapView } from '../lib/urlState.ts';
import { villageRadiusScale, villagesDrawnAt, villageSymbol } from '../layers/villages/symbol.ts';

type VillageFeature = Feature<Point, VillageFeatureProps>;

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

/**
 * Props deck.gl's MapboxOverlay reads from each layer in interleaved mode (`beforeId`: draw the
 * layer under that maplibre layer). @deck.gl/mapbox does not export this type from its index,
 * so it is restated here and passed as the layer's extra props type.
 */
interface InterleavedLayerProps {
  beforeId?: string;
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

export interface VillageLayerState {
  data: VillageFeature[];
  visible: boolean;
  selectedCode: string | null;
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
  readonly overlay: MapboxOverlay;
  private idle = false;
  private callbacks: MapCallbacks;
  private villages: VillageLayerState = { data: [], visible: true, selectedCode: null };
  private readonly provinceBounds: [number, number, number, number];
  private style: StyleSpecification;
  private radiusScale = 1;
  /** villages are drawn only from VILLAGES_MIN_ZOOM (at province zoom they would bury the communes) */
  private villagesDrawn = false;
  private styleWaiting = false;
  // planner: deck.gl layers drawn over the lô, and a click handler for the drawing tools
  private plannerLayers: Layer[] = [];
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

    this.overlay = new MapboxOverlay({
      interleaved: true,
      layers: [],
      getTooltip: (info) => {
        const f = info.object as VillageFeature | undefined;
        const text = f ? this.callbacks.villageTooltip(f.properties) : null;
        return text ? { text, className: 'atlas-tooltip' } : null;
      },
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
    });
    this.map.addControl(this.overlay);

    this.map.on('idle', () => {
      this.idle = true;
      document.body.dataset.mapIdle = 'true';
      this.callbacks.onIdleChange?.(true);
    });
    // the first view (fitted to the province or read from the URL) is reported too
    this.map.once('load', () => this.reportView());
    this.map.on('movestart', () => this.markBusy());
    this.map.on('moveend', () => this.reportView());
    this.map.on('zoom', () => {
      const z = this.map.getZoom();
      if (villageRadiusScale(z) !== this.radiusScale || (this.villages.visible && villagesDrawnAt(z)) !== this.villagesDrawn) this.setVillages({});
    });
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

  /** True after the map's 'idle' event, until the next move or data change. */
  isIdle(): boolean {
    return this.idle;
  }

  setCallbacks(callbacks: MapCallbacks) {
    this.callbacks = callbacks;
  }

  /** Applies a new declarative style as a diff (visibility, filters, tile URLs). */
  setStyle(style: StyleSpecification) {
    if (style === this.style) return;
    this.style = style;
    this.markBusy();
    if (!this.map.isStyleLoaded()) {
      // a diff needs the first style loaded: apply the latest style once it is
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

  setVillages(next: Partial<VillageLayerState>) {
    this.villages = { ...this.villages, ...next };
    const { data, visible, selectedCode } = this.villages;
    this.radiusScale = villageRadiusScale(this.map.getZoom());
    this.villagesDrawn = visible && villagesDrawnAt(this.map.getZoom());
    this.markBusy();
    this.villageLayer = new ScatterplotLayer<VillageFeature, InterleavedLayerProps>({
          id: 'villages',
          beforeId: 'plots-label',
          data,
          visible: this.villagesDrawn,
          pickable: true,
          stroked: true,
          filled: true,
          radiusUnits: 'pixels',
          radiusScale: this.radiusScale,
          lineWidthUnits: 'pixels',
          getPosition: (f) => f.geometry.coordinates as [number, number],
          getFillColor: (f) => villageSymbol(f.properties, f.properties.code === selectedCode).fill,
          getLineColor: (f) => villageSymbol(f.properties, f.properties.code === selectedCode).line,
          getRadius: (f) => villageSymbol(f.properties, f.properties.code === selectedCode).radius,
          getLineWidth: (f) => villageSymbol(f.properties, f.properties.code === selectedCode).lineWidth,
          updateTriggers: {
            getFillColor: selectedCode,
            getLineColor: selectedCode,
            getRadius: selectedCode,
            getLineWidth: selectedCode,
          },
        });
    this.renderOverlay();
  }

  private villageLayer: Layer | null = null;

  /** Hands deck.gl the planner's layers under the villages (villages stay on top and pickable). */
  private renderOverlay() {
    this.overlay.setProps({ layers: [...this.plannerLayers, ...(this.villageLayer ? [this.villageLayer] : [])] });
    this.map.triggerRepaint();
  }

  /**
   * The planner's overlay: site finder results, plan lô (their own style), village
   * buffers and the lô inside, the analysed area and the shape being drawn — deck.gl layers
   * interleaved under the lô labels.
   */
  setPlannerOverlay(o: PlannerOverlay) {
    const polys = (id: string, data: PlannerOverlay['sites'], fill: [number, number, number, number], line: [number, number, number, number], width: number) =>
      new GeoJsonLayer<unknown, InterleavedLayerProps>({
        id,
        beforeId: 'plots-label',
        data: data.map((d) => ({ type: 'Feature', id: d.id, geometry: d.geometry, properties: { id: d.id } })) as never,
        filled: true,
        stroked: true,
        getFillColor: fill,
        getLineColor: line,
        lineWidthUnits: 'pixels',
        getLineWidth: width,
        pickable: false,
      });
    const layers: Layer[] = [];
    if (o.area) layers.push(polys('planner-area', [o.area], [37, 99, 235, 30], [37, 99, 235, 230], 2.5));
    if (o.buffers.length) layers.push(polys('planner-buffers', o.buffers, [14, 116, 144, 25], [14, 116, 144, 200], 1.5));
    if (o.bufferPlots.length) layers.push(polys('planner-buffer-plots', o.bufferPlots, [8, 145, 178, 70], [8, 145, 178, 220], 1));
    if (o.sites.length) layers.push(polys('planner-sites', o.sites, [250, 204, 21, 110], [161, 98, 7, 255], 1.5));
    if (o.plan.length) layers.push(polys('planner-plan', o.plan, [124, 58, 237, 120], [76, 29, 149, 255], 2.5));
    const focus = o.focus == null ? undefined : [...o.plan, ...o.sites].find((x) => x.id === o.focus);
    if (focus) layers.push(polys('planner-focus', [focus], [0, 0, 0, 0], [220, 38, 38, 255], 4));
    if (o.sketch && o.sketch.points.length) {
      const pts = o.sketch.points;
      const path = o.sketch.closed && pts.length > 2 ? [...pts, pts[0]!] : pts;
      layers.push(
        new PathLayer<{ path: [number, number][] }, InterleavedLayerProps>({
          id: 'planner-sketch-line',
          beforeId: 'plots-label',
          data: [{ path }],
          getPath: (d) => d.path,
          getColor: [220, 38, 38, 255],
          widthUnits: 'pixels',
          getWidth: 2.5,
        }),
        new ScatterplotLayer<[number, number], InterleavedLayerProps>({
          id: 'planner-sketch-points',
          beforeId: 'plots-label',
          data: pts,
          getPosition: (p) => p,
          radiusUnits: 'pixels',
          getRadius: 5,
          getFillColor: [255, 255, 255, 255],
          getLineColor: [220, 38, 38, 255],
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
        }),
      );
    }
    // the inspector's position with its accuracy circle, and the typed coordinate's pin
    const pos = o.field?.position;
    if (pos) {
      layers.push(
        new ScatterplotLayer<{ lon: number; lat: number; accuracy: number }, InterleavedLayerProps>({
          id: 'field-accuracy', // over the lô labels: the mark must be seen
          data: [pos],
          getPosition: (p) => [p.lon, p.lat],
          radiusUnits: 'meters',
          getRadius: (p) => p.accuracy,
          getFillColor: [37, 99, 235, 40],
          getLineColor: [37, 99, 235, 160],
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 1,
        }),
        new ScatterplotLayer<{ lon: number; lat: number }, InterleavedLayerProps>({
          id: 'field-position', // over the lô labels: the mark must be seen
          data: [pos],
          getPosition: (p) => [p.lon, p.lat],
          radiusUnits: 'pixels',
          getRadius: 8,
          getFillColor: [37, 99, 235, 255],
          getLineColor: [255, 255, 255, 255],
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
        }),
      );
    }
    const pin = o.field?.pin;
    if (pin) {
      layers.push(
        new ScatterplotLayer<[number, number], InterleavedLayerProps>({
          id: 'field-pin', // over the lô labels: the mark must be seen
          data: [pin],
          getPosition: (p) => p,
          radiusUnits: 'pixels',
          getRadius: 9,
          getFillColor: [220, 38, 38, 255],
          getLineColor: [255, 255, 255, 255],
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 3,
        }),
      );
    }
    this.plannerLayers = layers;
    this.markBusy();
    this.renderOverlay();
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

  /** Number of villages drawn by deck.gl (for the test hook; 0 when off or below their zoom). */
  villageCount(): number {
    return this.villagesDrawn ? this.villages.data.length : 0;
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
    if (this.villagesDrawn) {
      const info = this.overlay.pickObject({ x: point.x, y: point.y, radius: 6, layerIds: ['villages'] });
      const f = info?.object as VillageFeature | undefined;
      if (f) {
        this.callbacks.onPick({ kind: 'village', id: f.properties.code }, at);
        return;
      }
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
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }
}
