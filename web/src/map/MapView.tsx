/**
 * The map as a React component (loaded lazily with maplibre-gl): creates the one
 * AtlasMapController, hands it the declarative style (the village points in it), and reports picks
 * and view changes. Loaded as its own chunk so the shell paints before the heavy library; deck.gl
 * comes later still, with the first planner or inspector mark (map/deckOverlay.ts).
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type { VillageFeatureProps } from '../../../server/domain/api.ts';
import type { VillageCollection } from '../api/client.ts';
import type { Camera } from '../lib/camera.ts';
import type { LayerId } from '../lib/layers.ts';
import type { Selection } from '../lib/selection.ts';
import { buildStyle, type CommuneStyle, type TileVersionMap } from '../lib/style.ts';
import type { Palette } from '../layers/palette.ts';
import type { PlotStyleFilter } from '../forest/plotFilter.ts';
import type { MapView as View } from '../lib/urlState.ts';
import { AtlasMapController, type MapCallbacks } from './AtlasMapController.ts';
import { installPrintSnapshot } from './printSnapshot.ts';
import { markReady, publishTestHook } from './testHook.ts';
import type { PlannerOverlay } from '../planner/overlay.ts';

/** What panels may ask of the map (they never touch the map object). */
export interface MapHandle {
  zoomBy(delta: number): void;
  resetView(): void;
  moveTo(camera: Camera): void;
  /** The last drawn frame as a PNG data URL with the camera it shows (the print page), or null before the map is made. */
  capture(): { image: string; width: number; height: number; center: [number, number]; zoom: number; communes: string[] } | null;
  /** The vector tile sources the map draws, as URL templates with their zooms (preparing an area for offline). */
  tileSources(): TileSourceTemplate[];
}

export interface TileSourceTemplate {
  url: string;
  minzoom: number;
  maxzoom: number;
}

export interface MapViewProps {
  ref?: Ref<MapHandle>;
  bounds: [number, number, number, number];
  /** The view in the URL: the map starts there and follows it when it changes from outside. */
  initialView: View | null;
  year: number;
  criterion: number | null;
  layers: readonly LayerId[];
  selection: Selection | null;
  basemap: StyleSpecification | null;
  /** Lô filters and data revision (forest & inspections). */
  plotFilter?: PlotStyleFilter | null;
  /** How communes are coloured (NTM style mode, compare year, data revision after edits). */
  commune?: CommuneStyle;
  /** The tile layers' data versions (layers/versions.ts): part of every tile URL. */
  versions?: TileVersionMap | null;
  /** The class colours (layers/palette.ts): standard, contrast (projectors), colorblind. */
  palette?: Palette;
  /** Origin of the tile URLs (default this page's; the presentation's in-memory tile store has its own scheme). */
  origin?: string;
  villages: VillageCollection | null;
  /** The villages for the current year are loaded (or the layer is off). */
  villagesReady: boolean;
  onPick: MapCallbacks['onPick'];
  onViewChange: MapCallbacks['onViewChange'];
  villageTooltip(p: VillageFeatureProps): string | null;
  ariaLabel: string;
  /** Planner: sites, plan lô, buffers, analysed area and the shape being drawn. */
  plannerOverlay?: PlannerOverlay | null;
  /** Planner drawing tools: while set, map clicks go here instead of opening features. */
  onPlannerClick?: ((at: [number, number]) => void) | null;
  /** Device pixels per CSS pixel (print: ≥ 200 dpi); default: the screen's. */
  pixelRatio?: number;
  /** Told when the map becomes ready (idle, villages drawn) or busy again. */
  onReady?(ready: boolean): void;
}

export default function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<AtlasMapController | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const villagesReady = useRef(props.villagesReady);
  villagesReady.current = props.villagesReady;

  const style = useMemo(
    () =>
      buildStyle({
        origin: props.origin ?? location.origin,
        year: props.year,
        criterion: props.criterion,
        layers: props.layers,
        selection: props.selection,
        basemap: props.basemap,
        plotFilter: props.plotFilter,
        commune: props.commune,
        versions: props.versions,
        palette: props.palette,
        villages: props.villages,
      }),
    [props.year, props.criterion, props.layers, props.selection, props.basemap, props.plotFilter, props.commune, props.versions, props.palette, props.origin, props.villages],
  );
  const styleRef = useRef(style);
  styleRef.current = style;

  const updateReady = () => {
    const c = controller.current;
    const ready = Boolean(c?.isIdle() && villagesReady.current);
    markReady(ready);
    propsRef.current.onReady?.(ready);
  };

  useEffect(() => {
    const el = container.current!;
    const callbacks: MapCallbacks = {
      onPick: (sel, at) => propsRef.current.onPick(sel, at),
      onViewChange: (v) => propsRef.current.onViewChange(v),
      villageTooltip: (p) => propsRef.current.villageTooltip(p),
      onIdleChange: updateReady,
    };
    const c = new AtlasMapController({ container: el, style: styleRef.current, view: propsRef.current.initialView, bounds: propsRef.current.bounds, callbacks, pixelRatio: propsRef.current.pixelRatio });
    controller.current = c;
    publishTestHook({
      get idle() {
        return Boolean(controller.current?.isIdle() && villagesReady.current);
      },
      map: c.map,
      get villageCount() {
        return c.villageCount();
      },
      project(lon, lat) {
        const [x, y] = c.project(lon, lat);
        const r = el.getBoundingClientRect();
        return [r.left + x, r.top + y];
      },
    });
    markReady(false);
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    const removePrint = installPrintSnapshot(el, () => c.map.getCanvas());
    return () => {
      removePrint();
      observer.disconnect();
      publishTestHook(undefined);
      controller.current = null;
      c.destroy();
    };
    // created once; later props reach it through the effects below
  }, []);

  useEffect(() => {
    controller.current?.setStyle(style);
  }, [style]);

  useEffect(updateReady, [props.villagesReady]);

  // planner overlay and drawing tools
  useEffect(() => {
    if (props.plannerOverlay) controller.current?.setPlannerOverlay(props.plannerOverlay);
  }, [props.plannerOverlay]);
  useEffect(() => {
    controller.current?.setClickInterceptor(props.onPlannerClick ?? null);
  }, [props.onPlannerClick]);

  // a view from the URL that the map did not report itself (back/forward, an edited link)
  const view = props.initialView;
  useEffect(() => {
    if (view) controller.current?.syncView(view);
  }, [view]);

  useImperativeHandle(
    props.ref,
    () => ({
      zoomBy: (d) => controller.current?.zoomBy(d),
      resetView: () => controller.current?.resetView(),
      moveTo: (cam) => controller.current?.moveTo(cam),
      capture: () => {
        const m = controller.current?.map;
        if (!m) return null;
        const canvas = m.getCanvas();
        const c = m.getCenter();
        // the communes drawn in the frame (the print page's table of the units in view)
        const drawn = m.getLayer('communes-fill') ? m.queryRenderedFeatures({ layers: ['communes-fill'] }) : [];
        const communes = [...new Set(drawn.map((f) => String(f.properties?.code ?? '')).filter(Boolean))];
        return { image: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height, center: [c.lng, c.lat], zoom: m.getZoom(), communes };
      },
      tileSources: () => {
        const style = controller.current?.map.getStyle();
        return Object.values(style?.sources ?? {}).flatMap((s) =>
          s.type === 'vector' && s.tiles ? s.tiles.map((url) => ({ url, minzoom: s.minzoom ?? 0, maxzoom: s.maxzoom ?? 22 })) : [],
        );
      },
    }),
    [],
  );

  return <div ref={container} className="map-canvas" role="region" aria-label={props.ariaLabel} data-testid="map" />;
}
