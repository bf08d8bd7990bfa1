/**
 * The app shell: reads the state (URL hash, API), and fills the layout's slots — header, side
 * panel (layers, legend), map, info panel — or shows another screen for a '#/…' route.
 *
 * Extension points (kept to one line each):
 * - account actions in the header: add the element to ACCOUNT_ACTIONS below;
 * - screens: add a lazily imported component to SCREENS, keyed by its hash route.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import type { LayerId } from './lib/layers.ts';
import type { Selection } from './lib/selection.ts';
import type { MapView as View } from './lib/urlState.ts';
import { criteriaSetFor, effectiveYears } from './lib/years.ts';
import { ApiRequestError } from './api/client.ts';
import { SignInButton } from './auth/SignInButton.tsx';
import { Header } from './panels/Header.tsx';
import { InfoPanel } from './panels/InfoPanel.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { Legend } from './panels/Legend.tsx';
import { MapControls } from './panels/MapControls.tsx';
import type { MapHandle } from './map/MapView.tsx';
import { useBasemap, useDetail, useMeta, useVillages } from './state/useAtlasData.ts';
import { useHashRoute } from './state/useHashRoute.ts';
import { PHONE_QUERY, useMediaQuery } from './state/useMediaQuery.ts';
import { useUrlState, type UrlStateUpdate } from './state/useUrlState.ts';
import { useNtmRevision } from './ntm/revision.ts';
import { formatHash, type AtlasUrlState, type ScreenProps } from './lib/urlState.ts';
// forest & inspections
import type { SearchHit } from '../../server/domain/api.ts';
import { cameraFor } from './lib/camera.ts';
import { SearchBox } from './forest/SearchBox.tsx';
import { communesOf, ForestPanel, useForestUnits } from './forest/ForestPanel.tsx';
import { usePlotsRevision } from './forest/forestStore.ts';
import { NO_PLOT_FILTER, type PlotStyleFilter } from './forest/plotFilter.ts';
import { cameraAboveSheet } from './forest/phoneCamera.ts';
const WhereAmI = lazy(() => import('./forest/WhereAmI.tsx'));
// planner (issue 7): the panel (with turf) loads when opened; the overlay store is tiny
import { usePlannerClick, usePlannerOverlay } from './planner/overlay.ts';
const PlannerPanel = lazy(() => import('./planner/PlannerPanel.tsx'));

// The map chunk (maplibre-gl + deck.gl) starts loading at once, in parallel with /api/meta.
const loadMapView = () => import('./map/MapView.tsx');
void loadMapView();
const MapView = lazy(loadMapView);

/** Screens other than the map, by hash route ('#/admin'), each loaded lazily when opened. */
const AdminScreen = lazy(() => import('./admin/AdminScreen.tsx').then((m) => ({ default: m.AdminScreen })));
const NtmScreen = lazy(() => import('./ntm/NtmScreen.tsx').then((m) => ({ default: m.NtmScreen })));
const SCREENS: Record<string, LazyExoticComponent<ComponentType<ScreenProps>>> = {
  '/admin': AdminScreen,
  '/ntm': NtmScreen,
};

/** Account actions shown at the right of the header (the sign-in button of web/src/auth). */
const ACCOUNT_ACTIONS: ReactNode = <SignInButton />;

export function App() {
  const [state, update] = useUrlState();
  useEffect(() => {
    document.documentElement.lang = state.lang;
  }, [state.lang]);
  return (
    <I18nProvider lang={state.lang}>
      <Shell state={state} update={update} />
    </I18nProvider>
  );
}

function Shell({ state, update }: { state: AtlasUrlState; update: (u: UrlStateUpdate) => void }) {
  const { t, pick } = useI18n();
  const route = useHashRoute();
  const phone = useMediaQuery(PHONE_QUERY);
  const meta = useMeta();
  const years = meta.data ? effectiveYears(state.year, meta.data) : null;
  const villagesOn = state.layers.includes('villages');
  const villages = useVillages(years?.village ?? null, villagesOn);
  const detail = useDetail(state.selection, years?.commune ?? null, years?.village ?? null);
  const basemap = useBasemap(meta.data?.basemapStyleUrl);
  const [sheet, setSheet] = useState<'layers' | 'info' | null>(null);
  const [sideCollapsed, setSideCollapsed] = useState(false);
  const mapRef = useRef<MapHandle>(null);
  const [plannerOpen, setPlannerOpen] = useState(false);
  const plannerOverlay = usePlannerOverlay();
  const plannerClick = usePlannerClick();
  const fitPlanner = useCallback((b: [number, number, number, number]) => mapRef.current?.moveTo({ kind: 'bounds', bounds: b, maxZoom: 15.5 }), []);
  // forest & inspections: lô filters (URL), data revision after inspections, search and worklist picks
  const plotFilter = state.plotFilter ?? NO_PLOT_FILTER;
  const plotsRevision = usePlotsRevision();
  const forestUnits = useForestUnits();
  const plotStyleFilter = useMemo<PlotStyleFilter>(
    () => ({ ...plotFilter, communes: communesOf(plotFilter.unit, forestUnits.data ?? []), revision: plotsRevision }),
    [plotFilter.plantingYear, plotFilter.unit, plotFilter.funding, plotFilter.classes.join(','), forestUnits.data, plotsRevision], // keyed by content on purpose
  );
  const showPlace = useCallback(
    (sel: Selection, camera: ReturnType<typeof cameraFor>, center: [number, number]) => {
      update((s) => ({ selection: sel, layers: sel.kind === 'plot' || sel.kind === 'khoanh' || sel.kind === 'tieukhu' ? [...new Set([...s.layers, 'plots', 'khoanh', 'tieukhu'] as LayerId[])] : s.layers }));
      // a lô's details fill most of a phone screen: show the lô above the sheet
      mapRef.current?.moveTo(phone && sel.kind === 'plot' ? cameraAboveSheet(center, 15.5, Math.round(innerHeight * 0.25)) : camera);
      if (phone) setSheet(sel.kind === 'coordinate' ? null : 'info');
    },
    [update, phone],
  );
  const onSearchPick = useCallback((hit: SearchHit) => showPlace({ kind: hit.kind, id: hit.id }, cameraFor(hit), hit.center), [showPlace]);

  useEffect(() => {
    document.title = `${t('app.title')} – ${t('app.subtitle')}`;
  }, [t]);

  const criteriaSet = meta.data && years ? criteriaSetFor(meta.data.criteriaSets, 'commune', years.commune) : null;
  const criterionInfo = useMemo(() => {
    const c = state.criterion != null ? criteriaSet?.criteria.find((k) => k.no === state.criterion) : undefined;
    return c ? { no: c.no, name: pick(c.name) } : null;
  }, [state.criterion, criteriaSet, pick]);

  const onPick = useCallback(
    (sel: Selection | null) => {
      update({ selection: sel });
      if (phone) setSheet(sel ? 'info' : null);
    },
    [update, phone],
  );
  const onViewChange = useCallback((view: View) => update({ view }), [update]);
  const toggleLayer = (id: LayerId, on: boolean) => update((s) => ({ layers: on ? [...s.layers, id] : s.layers.filter((l) => l !== id) }));
  const villageTooltip = useCallback(
    (p: { name: string; commune_name: string; criteria_met: number | null }) =>
      p.criteria_met == null
        ? `${p.name} (${p.commune_name}) · ${t('legend.noData')}`
        : t('map.villageTooltip', { name: p.name, commune: p.commune_name, met: p.criteria_met }),
    [t],
  );
  // a stable array while the layers are the same, so the map style is not rebuilt on each render
  const layersKey = state.layers.join(',');
  const layers = useMemo(() => state.layers, [layersKey]); // keyed by content on purpose
  // NTM: how communes are coloured, the year compared with, and the data revision after edits
  const ntmRevision = useNtmRevision();
  const communeMode = state.style ?? (state.criterion != null ? 'criterion' : 'count');
  const communeStyle = useMemo(
    () => ({ mode: communeMode, compare: state.compare ?? null, revision: ntmRevision }),
    [communeMode, state.compare, ntmRevision],
  );

  const header = (
    <Header
      years={meta.data?.commune.years ?? []}
      year={years?.commune ?? null}
      onYear={(year) => update({ year })}
      onLang={(lang) => update({ lang })}
      onPrint={() => print()}
      demo={meta.data?.demo ?? true}
      actions={ACCOUNT_ACTIONS}
    />
  );

  if (route != null) {
    const Screen = SCREENS[route];
    return (
      <AppLayout
        phone={phone}
        header={header}
        side={null}
        info={null}
        sheet={null}
        sideCollapsed
        infoOpen={false}
        sheetTabs={null}
        main={
          <div className="screen">
            {Screen ? (
              <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
                <Screen year={years?.commune ?? null} onYear={(year) => update({ year })} mapHref={formatHash(state) || '#'} />
              </Suspense>
            ) : (
              <div className="screen-missing">
                <p>{t('app.notFound')}</p>
                <a href="#">{t('app.backToMap')}</a>
              </div>
            )}
          </div>
        }
      />
    );
  }

  const zoom = state.view?.zoom ?? null;
  const side = (
    <div className="side-panel">
      {!phone ? (
        <button
          type="button"
          className="side-toggle no-print"
          aria-expanded={!sideCollapsed}
          aria-controls="side-panel"
          onClick={() => setSideCollapsed((c) => !c)}
          title={sideCollapsed ? t('panel.expand') : t('panel.collapse')}
        >
          <span aria-hidden="true">{sideCollapsed ? '›' : '‹'}</span>
          <span className="visually-hidden">{sideCollapsed ? t('panel.expand') : t('panel.collapse')}</span>
        </button>
      ) : null}
      <div className="side-content">
        {/* The planner's tools take the place of the layer panel while open; the legend always follows
            the layer choice directly (leaders read them together), the forest filters come after it. */}
        <div className="no-print">
          <button type="button" className="planner-toggle" aria-expanded={plannerOpen} onClick={() => setPlannerOpen((o) => !o)} data-testid="planner-open">
            {plannerOpen ? t('planner.close') : t('planner.open')}
          </button>
          {plannerOpen ? (
            <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
              <PlannerPanel onFit={fitPlanner} />
            </Suspense>
          ) : (
            <LayerPanel
              layers={state.layers}
              onToggle={toggleLayer}
              zoom={zoom}
              criteriaSet={criteriaSet}
              criterion={state.criterion}
              onCriterion={(criterion) => update({ criterion })}
              commune={{
                mode: communeMode,
                onMode: (style) => update({ style }),
                year: years?.commune ?? null,
                years: meta.data?.commune.years ?? [],
                compare: state.compare ?? null,
                onCompare: (compare) => update({ compare }),
              }}
            />
          )}
        </div>
        <Legend
          layers={state.layers}
          criterion={criterionInfo}
          thresholds={meta.data?.thresholds}
          zoom={zoom}
          commune={{ mode: communeMode, year: years?.commune ?? null, compare: state.compare ?? null }}
          villageYear={years?.village ?? null}
        />
        {plannerOpen ? null : (
          <div className="no-print">
            <ForestPanel
              filter={plotFilter}
              onFilter={(f) => update({ plotFilter: f })}
              plantingYears={meta.data?.planting.years ?? []}
              units={forestUnits.data ?? []}
              onPickPlot={(r) => showPlace({ kind: 'plot', id: String(r.plotId) }, cameraFor({ kind: 'plot', center: r.center, bbox: r.bbox }), r.center)}
            />
          </div>
        )}
        <p className="print-only print-footer">
          {t('print.footer', { date: new Date().toLocaleDateString(state.lang === 'vi' ? 'vi-VN' : 'en-GB') })}
        </p>
      </div>
    </div>
  );

  let main: ReactNode;
  if (meta.status === 'error') {
    main = (
      <div className="map-message" role="alert">
        <p>{meta.error instanceof ApiRequestError && meta.error.status === 401 ? t('app.signInRequired') : t('app.metaError')}</p>
        <button type="button" onClick={meta.retry}>
          {t('app.retry')}
        </button>
      </div>
    );
  } else if (!meta.data || !years || (meta.data.basemapStyleUrl && basemap.status !== 'ready' && basemap.status !== 'error')) {
    main = <div className="map-message">{t('app.loadingMeta')}</div>;
  } else {
    main = (
      <div className="map-area">
        <Suspense fallback={<div className="map-message">{t('map.loading')}</div>}>
          <MapView
            ref={mapRef}
            bounds={meta.data.bounds}
            initialView={state.view}
            year={years.commune}
            criterion={state.criterion}
            layers={layers}
            selection={state.selection}
            basemap={basemap.data ?? null}
            plotFilter={plotStyleFilter}
            commune={communeStyle}
            villages={villagesOn ? villages.data : null}
            villagesReady={!villagesOn || villages.status === 'ready' || villages.status === 'error'}
            onPick={onPick}
            onViewChange={onViewChange}
            villageTooltip={villageTooltip}
            ariaLabel={t('map.label')}
            plannerOverlay={plannerOverlay}
            onPlannerClick={plannerClick}
          />
        </Suspense>
        <MapControls onZoom={(d) => mapRef.current?.zoomBy(d)} onReset={() => mapRef.current?.resetView()} />
        <div className="map-search no-print">
          <SearchBox onPick={onSearchPick} />
          <Suspense fallback={null}>
            <WhereAmI
              target={detail.status === 'ready' && detail.data.kind === 'plot' ? { label: detail.data.data.label, center: detail.data.data.centroid } : null}
              onPosition={(lon, lat) => mapRef.current?.moveTo({ kind: 'center', center: [lon, lat], zoom: 15 })}
              onOpenPlot={(id) => onPick({ kind: 'plot', id: String(id) })}
            />
          </Suspense>
        </div>
        <p className="map-attribution">{t('map.attribution')}</p>
      </div>
    );
  }

  const infoOpen = state.selection != null;
  const info = <InfoPanel selection={state.selection} detail={detail} onClose={() => onPick(null)} />;
  const sheetTabs = (
    <>
      <button type="button" aria-pressed={sheet === 'layers'} onClick={() => setSheet((s) => (s === 'layers' ? null : 'layers'))} data-testid="sheet-layers">
        {t('sheet.layers')}
      </button>
      <button type="button" aria-pressed={sheet === 'info'} onClick={() => setSheet((s) => (s === 'info' ? null : 'info'))} data-testid="sheet-info">
        {t('sheet.info')}
      </button>
    </>
  );
  return (
    <AppLayout
      phone={phone}
      header={header}
      side={side}
      main={main}
      info={info}
      sheet={phone ? sheet : null}
      sideCollapsed={!phone && sideCollapsed}
      infoOpen={infoOpen}
      sheetTabs={sheetTabs}
    />
  );
}
