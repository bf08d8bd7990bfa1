/**
 * The import screen's map: the atlas's own layer for the target (lô, khoảnh, communes …, from
 * the layer registry via buildStyle, with the tile data versions so a commit or rollback shows at
 * once) and, on top, the staged rows of the batch being checked, from the preview tiles
 * (GET /api/import-jobs/preview/:batch/…): green = added, blue = updated, red = has errors.
 * maplibre-gl loads with this screen (the same chunk as the main map).
 */
import { useEffect, useRef, useState } from 'react';
import type maplibregl from 'maplibre-gl';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { buildStyle, type TileVersionMap } from '../lib/style.ts';
import type { LayerId } from '../layers/types.ts';
import { importApi } from './importApi.ts';

export const STAGED_SOURCE = 'import-staged';

export interface ImportMapProps {
  bounds: [number, number, number, number];
  /** the atlas layer to draw under the preview (the target's own) */
  layer: LayerId | null;
  versions: TileVersionMap | null;
  /** the staged batch to preview (null: none) */
  batch: number | null;
  /** where to look (the staged rows' extent) */
  focus: [number, number, number, number] | null;
  label: string;
}

/** What the browser test reads (window.__atlasImport). */
declare global {
  interface Window {
    __atlasImport?: { map: maplibregl.Map };
  }
}

const STAGED_COLOR = ['case', ['>', ['get', 'errors'], 0], '#c62828', ['==', ['get', 'action'], 'insert'], '#2e7d32', '#1565c0'] as unknown as string;

function stagedLayers(): LayerSpecification[] {
  return [
    { id: 'import-staged-fill', type: 'fill', source: STAGED_SOURCE, 'source-layer': 'staged', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': STAGED_COLOR, 'fill-opacity': 0.35 } },
    { id: 'import-staged-line', type: 'line', source: STAGED_SOURCE, 'source-layer': 'staged', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': STAGED_COLOR, 'line-width': 2, 'line-dasharray': [2, 1] } },
    { id: 'import-staged-point', type: 'circle', source: STAGED_SOURCE, 'source-layer': 'staged', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': STAGED_COLOR, 'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
  ];
}

function styleFor(p: ImportMapProps, origin: string): StyleSpecification {
  const layers: LayerId[] = ['districts'];
  if (p.layer && p.layer !== 'districts') layers.push(p.layer);
  const style = buildStyle({ origin, year: null, criterion: null, layers, selection: null, versions: p.versions });
  if (p.batch == null) return style;
  return {
    ...style,
    sources: { ...style.sources, [STAGED_SOURCE]: { type: 'vector', tiles: [importApi.previewTiles(origin, p.batch)], minzoom: 0, maxzoom: 16 } },
    layers: [...style.layers, ...stagedLayers()],
  };
}

export function ImportMap(props: ImportMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);

  useEffect(() => {
    let cancelled = false;
    let created: maplibregl.Map | null = null;
    void import('maplibre-gl').then(({ default: ml }) => {
      if (cancelled || !el.current) return;
      created = new ml.Map({ container: el.current, style: styleFor(props, location.origin), bounds: props.bounds, fitBoundsOptions: { padding: 20 }, attributionControl: false });
      created.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
      window.__atlasImport = { map: created };
      setMap(created);
    });
    return () => {
      cancelled = true;
      created?.remove();
      delete window.__atlasImport;
    };
    // created once; later props go through setStyle below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    map?.setStyle(styleFor(props, location.origin), { diff: true });
  }, [map, props.layer, props.batch, props.versions]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (map && props.focus) map.fitBounds(props.focus, { padding: 40, maxZoom: 16, duration: 0 });
  }, [map, props.focus?.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="import-map-wrap">
      <div ref={el} className="import-map" role="region" aria-label={props.label} data-testid="import-map" />
    </div>
  );
}
