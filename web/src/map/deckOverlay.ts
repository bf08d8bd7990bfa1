/**
 * The planner's and the inspector's marks drawn by deck.gl (site finder results, plan lô, buffers,
 * the analysed area, the shape being drawn, the phone's position and a typed coordinate's pin),
 * interleaved under the lô labels. Its own chunk: the map controller imports it only when there is
 * something to draw, so deck.gl (about 200 KB gzipped) is not in the map's first load.
 */
import { MapboxOverlay } from '@deck.gl/mapbox';
import { GeoJsonLayer, IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type maplibregl from 'maplibre-gl';
import type { PlannerOverlay } from '../planner/overlay.ts';

/**
 * Props deck.gl's MapboxOverlay reads from each layer in interleaved mode (`beforeId`: draw the
 * layer under that maplibre layer). @deck.gl/mapbox does not export this type from its index,
 * so it is restated here and passed as the layer's extra props type.
 */
interface InterleavedLayerProps {
  beforeId?: string;
}

type Rgba = [number, number, number, number];

/**
 * The compass cone behind the position dot: a wedge pointing up (north at heading 0), faded
 * towards its tip, as phones' map apps draw where the phone points.
 */
const HEADING_CONE = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><defs><linearGradient id="g" x1="0" y1="1" x2="0" y2="0"><stop offset="0.45" stop-color="#2563eb" stop-opacity="0.85"/><stop offset="1" stop-color="#2563eb" stop-opacity="0.05"/></linearGradient></defs><path d="M48 48 L22 6 A48 48 0 0 1 74 6 Z" fill="url(#g)"/></svg>',
)}`;

/** deck.gl layers of an overlay, bottom first. */
export function overlayLayers(o: PlannerOverlay): Layer[] {
  const polys = (id: string, data: PlannerOverlay['sites'], fill: Rgba, line: Rgba, width: number) =>
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
  const goal = o.field?.goal;
  if (pos && goal) {
    layers.push(
      new PathLayer<[number, number][], InterleavedLayerProps>({
        id: 'field-way', // the straight line to the lô being walked to, under the position mark
        data: [[[pos.lon, pos.lat], goal]],
        getPath: (p) => p,
        widthUnits: 'pixels',
        getWidth: 4,
        getColor: [234, 88, 12, 230],
      }),
    );
  }
  const heading = o.field?.heading;
  if (pos && heading != null) {
    layers.push(
      new IconLayer<{ lon: number; lat: number; heading: number }, InterleavedLayerProps>({
        id: 'field-heading', // where the phone points (forest/compass.ts): the map is never rotated, so screen up is north
        data: [{ ...pos, heading }],
        getPosition: (p) => [p.lon, p.lat],
        getIcon: () => ({ id: 'cone', url: HEADING_CONE, width: 96, height: 96, anchorX: 48, anchorY: 48 }),
        getSize: 88,
        sizeUnits: 'pixels',
        getAngle: (p) => -p.heading, // deck.gl turns counter-clockwise
        updateTriggers: { getAngle: heading },
      }),
    );
  }
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
  return layers;
}

/** The deck.gl overlay of one map: created on the first overlay with something in it. */
export class DeckOverlay {
  private readonly overlay = new MapboxOverlay({ interleaved: true, layers: [] });

  constructor(private readonly map: maplibregl.Map) {
    map.addControl(this.overlay);
  }

  draw(o: PlannerOverlay) {
    this.overlay.setProps({ layers: overlayLayers(o) });
    this.map.triggerRepaint();
  }

  destroy() {
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
  }
}
