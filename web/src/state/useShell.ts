/**
 * The state and handlers of the app shell, so that App.tsx only composes: what the map page
 * reads from the API for the URL state (useShellData), what the map is drawn with
 * (useMapInputs), and what the user's actions do (useShellActions).
 */
import { layersForSelection } from '../lib/layersForSelection.ts';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { SearchHit } from '../../../server/domain/api.ts';
import { communesOf, useForestUnits } from '../forest/ForestPanel.tsx';
import { cameraAboveSheet } from '../forest/phoneCamera.ts';
import { NO_PLOT_FILTER, type PlotStyleFilter } from '../forest/plotFilter.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { cameraFor, type Camera } from '../lib/camera.ts';
import type { LayerId } from '../lib/layers.ts';
import type { Selection } from '../lib/selection.ts';
import { useTileVersions } from '../layers/versions.ts';
import { VILLAGES_MIN_ZOOM } from '../layers/villages/symbol.ts';
import type { AtlasUrlState, MapView as View } from '../lib/urlState.ts';
import { criteriaSetFor, effectiveYears } from '../lib/years.ts';
import type { MapHandle } from '../map/MapView.tsx';
import { ALL_DATA_LAYERS, useLayerRevision, useLayersRevision } from './layerRevisions.ts';
import { useBasemap, useDetail, useMeta, useVillages } from './useAtlasData.ts';
import type { UrlStateUpdate } from './useUrlState.ts';

/** Keeps the document's language and title in step with the UI language. */
export function useDocumentLang(lang: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.title = `${t('app.title')} – ${t('app.subtitle')}`;
  }, [t]);
}

/** What the map page reads from the API for the URL state: meta and its years, villages, the selection's detail, the basemap, forest units. */
export function useShellData(state: AtlasUrlState) {
  const meta = useMeta();
  const years = meta.data ? effectiveYears(state.year, meta.data) : null;
  // The village points (about 250 KB) are loaded once the map reaches their zoom, never for the
  // province view where they are not drawn: a cold load on a slow connection waits only for what it shows.
  const villageZoom = useZoomReached(state.view?.zoom, VILLAGES_MIN_ZOOM);
  const villagesOn = state.layers.includes('villages') && villageZoom;
  const villages = useVillages(years?.village ?? null, villagesOn);
  const detail = useDetail(state.selection, years?.commune ?? null, years?.village ?? null);
  const basemap = useBasemap(meta.data?.basemapStyleUrl);
  const forestUnits = useForestUnits();
  const criteriaSet = meta.data && years ? criteriaSetFor(meta.data.criteriaSets, 'commune', years.commune) : null;
  // tile URLs carry the layers' data versions: asked again after each write from this page
  const tileVersions = useTileVersions(String(useLayersRevision(ALL_DATA_LAYERS)));
  const tileVersionsKnown = tileVersions.data != null || tileVersions.status === 'error';
  return { meta, years, villagesOn, villages, detail, basemap, forestUnits, criteriaSet, tileVersions, tileVersionsKnown };
}

type ShellData = ReturnType<typeof useShellData>;

/** True from the first time the map's zoom reaches `min` (and from then on, zooming out again keeps what was loaded). */
function useZoomReached(zoom: number | null | undefined, min: number): boolean {
  const [reached, setReached] = useState(false);
  if (!reached && zoom != null && zoom >= min) setReached(true);
  return reached || (zoom != null && zoom >= min);
}

/** What the map is drawn with: stable layer list, lô filter, commune style and the data revisions that refetch tiles after a write. */
export function useMapInputs(state: AtlasUrlState, data: Pick<ShellData, 'forestUnits' | 'criteriaSet'>) {
  const { t, pick } = useI18n();
  const plotFilter = state.plotFilter ?? NO_PLOT_FILTER;
  const plotsRevision = useLayerRevision('plots');
  const plotStyleFilter = useMemo<PlotStyleFilter>(
    () => ({ ...plotFilter, communes: communesOf(plotFilter.unit, data.forestUnits.data ?? []), revision: plotsRevision }),
    [plotFilter.plantingYear, plotFilter.unit, plotFilter.funding, plotFilter.classes.join(','), data.forestUnits.data, plotsRevision], // keyed by content on purpose
  );
  const criterionInfo = useMemo(() => {
    const c = state.criterion != null ? data.criteriaSet?.criteria.find((k) => k.no === state.criterion) : undefined;
    return c ? { no: c.no, name: pick(c.name) } : null;
  }, [state.criterion, data.criteriaSet, pick]);
  // a stable array while the layers are the same, so the map style is not rebuilt on each render
  const layersKey = state.layers.join(',');
  const layers = useMemo(() => state.layers, [layersKey]); // keyed by content on purpose
  // NTM: how communes are coloured, the year compared with, and the data revision after edits
  const communesRevision = useLayerRevision('communes');
  const communeMode = state.style ?? (state.criterion != null ? 'criterion' : 'count');
  const communeStyle = useMemo(
    () => ({ mode: communeMode, compare: state.compare ?? null, revision: communesRevision }),
    [communeMode, state.compare, communesRevision],
  );
  const villageTooltip = useCallback(
    (p: { name: string; commune_name: string; criteria_met: number | null }) =>
      p.criteria_met == null
        ? `${p.name} (${p.commune_name}) · ${t('legend.noData')}`
        : t('map.villageTooltip', { name: p.name, commune: p.commune_name, met: p.criteria_met }),
    [t],
  );
  return { plotFilter, plotStyleFilter, criterionInfo, layers, communeMode, communeStyle, villageTooltip };
}

/** What the user's actions do: pick, search, fly to a place, toggle layers, the phone sheet, the side panel and the planner. */
export function useShellActions(update: (u: UrlStateUpdate) => void, phone: boolean) {
  const mapRef = useRef<MapHandle>(null) as RefObject<MapHandle | null>;
  const [sheet, setSheet] = useState<'layers' | 'info' | null>(null);
  const [plannerOpen, setPlannerOpen] = useState(false);
  const fitPlanner = useCallback((b: [number, number, number, number]) => mapRef.current?.moveTo({ kind: 'bounds', bounds: b, maxZoom: 15.5 }), []);
  const showPlace = useCallback(
    (sel: Selection, camera: ReturnType<typeof cameraFor>, center: [number, number]) => {
      update((s) => ({ selection: sel, layers: layersForSelection(sel, s.layers) }));
      // a lô's details fill most of a phone screen: show the lô above the sheet
      mapRef.current?.moveTo(phone && (sel.kind === 'plot' || sel.kind === 'coordinate') ? cameraAboveSheet(center, 15.5, Math.round(innerHeight * 0.25)) : camera);
      if (phone) setSheet('info');
    },
    [update, phone],
  );
  const onSearchPick = useCallback((hit: SearchHit) => showPlace({ kind: hit.kind, id: hit.id }, cameraFor(hit), hit.center), [showPlace]);
  const onPick = useCallback(
    (sel: Selection | null) => {
      update({ selection: sel });
      if (phone) setSheet(sel ? 'info' : null);
    },
    [update, phone],
  );
  const onViewChange = useCallback((view: View) => update({ view }), [update]);
  const toggleLayer = (id: LayerId, on: boolean) => update((s) => ({ layers: on ? [...s.layers, id] : s.layers.filter((l) => l !== id) }));
  const toggleSheet = (which: 'layers' | 'info') => setSheet((s) => (s === which ? null : which));
  /** The worklist's "show on the map": the lô layer on, the camera on the list's lô, the phone sheet out of the way. */
  const showWorklist = useCallback(
    (cam: Camera) => {
      update((s) => ({ layers: [...new Set([...s.layers, 'plots'] as LayerId[])] }));
      mapRef.current?.moveTo(cam);
      if (phone) setSheet(null);
    },
    [update, phone],
  );
  return {
    mapRef,
    sheet,
    toggleSheet,
    // the folded side panel is part of the link (a saved view of the map alone)
    toggleSide: () => update((s) => ({ panel: s.panel ? undefined : 'collapsed' })),
    plannerOpen,
    togglePlanner: () => setPlannerOpen((o) => !o),
    fitPlanner,
    showPlace,
    onSearchPick,
    onPick,
    onViewChange,
    toggleLayer,
    showWorklist,
  };
}
