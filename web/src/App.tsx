/**
 * The app shell: composes the layout's slots — header, side panel (layers, legend), map, info
 * panel — or another screen for a '#/…' route. State and handlers live in state/useShell.ts.
 *
 * Extension points (kept to one line each):
 * - account actions in the header: add the element to ACCOUNT_ACTIONS below;
 * - screens: add a lazily imported component to SCREENS, keyed by its hash route.
 */
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { cameraFor } from './lib/camera.ts';
import { ApiRequestError } from './api/http.ts';
import { DatabaseBanner } from './api/DatabaseBanner.tsx';
import { OfflineBanner } from './offline/OfflineBanner.tsx';
import { SignInButton } from './auth/SignInButton.tsx';
import { MeetingsLink } from './views/MeetingsLink.tsx';
import { ImportLink } from './import/ImportLink.tsx';
import { hasRole } from './auth/session.ts';
import { useSession } from './auth/useSession.ts';
import { Header } from './panels/Header.tsx';
import { InfoPanel } from './panels/InfoPanel.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { Legend } from './panels/Legend.tsx';
import { MapControls } from './panels/MapControls.tsx';
import { useHashRoute } from './state/useHashRoute.ts';
import { PHONE_QUERY, useMediaQuery } from './state/useMediaQuery.ts';
import { useUrlState, type UrlStateUpdate } from './state/useUrlState.ts';
import { useDocumentLang, useMapInputs, useShellActions, useShellData } from './state/useShell.ts';
import { formatHash, type AtlasUrlState, type ScreenProps } from './lib/urlState.ts';
import { eraOf, layersForEra } from './layers/units2025/era.ts';
import { openPrint } from './print/openPrint.ts';
// forest & inspections
import { SearchBox } from './forest/SearchBox.tsx';
import { ForestPanel } from './forest/ForestPanel.tsx';
// the outbox's badge reads IndexedDB (idb): not part of the first map's load
const OutboxBadge = lazy(() => import('./outbox/OutboxBadge.tsx').then((m) => ({ default: m.OutboxBadge })));
const WhereAmI = lazy(() => import('./forest/WhereAmI.tsx'));
// planner: the panel (with turf) loads when opened; the overlay store is tiny
import { plannerDraft, usePlannerClick, usePlannerOverlay } from './planner/overlay.ts';
const PlannerPanel = lazy(() => import('./planner/PlannerPanel.tsx'));
// compare: two years side by side or under a swipe divider, loaded when opened
import { CompareButton } from './compare/CompareButton.tsx';
import { openSplit } from './compare/splitState.ts';
const CompareView = lazy(() => import('./compare/CompareView.tsx'));
// dashboard: the charts (and their library) load when the header's "Biểu đồ" opens them
import { DashboardButton } from './dashboard/DashboardButton.tsx';
import { bindDashboardUrl, setDashboardOpen, showDashboard } from './dashboard/store.ts';
const Dashboard = lazy(() => import('./dashboard/Dashboard.tsx'));

// The map chunk (maplibre-gl) starts loading at once, in parallel with /api/meta.
const loadMapView = () => import('./map/MapView.tsx');
void loadMapView();
const MapView = lazy(loadMapView);

/** Screens other than the map, by hash route ('#/admin'), each loaded lazily when opened. */
const AdminScreen = lazy(() => import('./admin/AdminScreen.tsx').then((m) => ({ default: m.AdminScreen })));
const NtmScreen = lazy(() => import('./ntm/NtmScreen.tsx').then((m) => ({ default: m.NtmScreen })));
/** The print page (`?print=1&paper=A3&orientation=landscape#…`), a whole page of its own. */
const PrintPage = lazy(() => import('./print/PrintPage.tsx'));
const PRINTING = new URLSearchParams(location.search).get('print') === '1';
const ViewsScreen = lazy(() => import('./views/ViewsScreen.tsx'));
const ImportScreen = lazy(() => import('./import/ImportScreen.tsx').then((m) => ({ default: m.ImportScreen })));
const SCREENS: Record<string, LazyExoticComponent<ComponentType<ScreenProps>>> = {
  '/admin': AdminScreen,
  '/ntm': NtmScreen,
  '/views': ViewsScreen,
  '/import': ImportScreen,
};
/** The presentation of a briefing: the whole window, no header or panels. */
const PresentScreen = lazy(() => import('./present/PresentScreen.tsx'));

/** Account actions shown at the right of the header (the sign-in button of web/src/auth). */
const ACCOUNT_ACTIONS: ReactNode = (
  <>
    <MeetingsLink />
    <ImportLink />
    <DashboardButton />
    <SignInButton />
  </>
);

export function App() {
  const [state, update] = useUrlState();
  return (
    <I18nProvider lang={state.lang}>
      <DatabaseBanner />
      <div className="field-status no-print">
        <OfflineBanner />
        <Suspense fallback={null}>
          <OutboxBadge />
        </Suspense>
      </div>
      {PRINTING ? (
        <Suspense fallback={null}>
          <PrintPage state={state} />
        </Suspense>
      ) : (
        <Shell state={state} update={update} />
      )}
    </I18nProvider>
  );
}

function Shell({ state, update }: { state: AtlasUrlState; update: (u: UrlStateUpdate) => void }) {
  const { t } = useI18n();
  useDocumentLang(state.lang);
  const route = useHashRoute();
  const phone = useMediaQuery(PHONE_QUERY);
  const { meta, years, villagesOn, villages, detail, basemap, forestUnits, criteriaSet, tileVersions, tileVersionsKnown } = useShellData(state);
  const { plotFilter, plotStyleFilter, criterionInfo, layers, communeMode, communeStyle, villageTooltip } = useMapInputs(state, { forestUnits, criteriaSet });
  const { mapRef, sheet, toggleSheet, toggleSide, plannerOpen, togglePlanner, fitPlanner, showPlace, onSearchPick, onPick, onViewChange, toggleLayer, showWorklist } =
    useShellActions(update, phone);
  const session = useSession();
  const sideCollapsed = state.panel === 'collapsed';
  const plannerOverlay = usePlannerOverlay();
  const plannerClick = usePlannerClick();
  // the dashboard's open state lives in the URL ('dash=1': shared links and saved views restore it)
  const dashboardOpen = state.dash === true;
  useEffect(() => bindDashboardUrl((open) => update({ dash: open ? true : undefined })), [update]);
  useEffect(() => showDashboard(dashboardOpen), [dashboardOpen]);

  const header = (
    <Header
      years={meta.data?.commune.years ?? []}
      year={years?.commune ?? null}
      onYear={(year) => update({ year })}
      onLang={(lang) => update({ lang })}
      onPrint={() => openPrint(state)}
      demo={meta.data?.demo ?? true}
      actions={<>{route == null ? <CompareButton active={state.split != null} onToggle={() => update((s) => ({ split: s.split ? undefined : openSplit(years?.commune ?? null, meta.data?.commune.years ?? []) }))} /> : null}{ACCOUNT_ACTIONS}</>}
    />
  );

  if (route === '/present') {
    return (
      <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
        <PresentScreen />
      </Suspense>
    );
  }
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
                <Screen
                  year={years?.commune ?? null}
                  onYear={(year) => update({ year })}
                  mapHref={formatHash(state) || '#'}
                  era={eraOf(state.layers)}
                  onEra={(era) => update((s) => ({ layers: layersForEra(s.layers, era) }))}
                />
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
  const inspectorFirst = hasRole(session.me, 'inspector');
  const forestPanel = (
    <div className="no-print">
      <ForestPanel
        filter={plotFilter}
        onFilter={(f) => update({ plotFilter: f })}
        plantingYears={meta.data?.planting.years ?? []}
        units={forestUnits.data ?? []}
        onPickPlot={(r) => showPlace({ kind: 'plot', id: String(r.plotId) }, cameraFor({ kind: 'plot', center: r.center, bbox: r.bbox }), r.center)}
        onShowWorklist={showWorklist}
        offline={{
          tileSources: () => mapRef.current?.tileSources() ?? [],
          onShowArea: (bounds) => mapRef.current?.moveTo({ kind: 'bounds', bounds, maxZoom: 15 }),
        }}
      />
    </div>
  );
  const side = (
    <div className="side-panel">
      {!phone ? (
        <button
          type="button"
          className="side-toggle no-print"
          aria-expanded={!sideCollapsed}
          aria-controls="side-panel"
          onClick={toggleSide}
          title={sideCollapsed ? t('panel.expand') : t('panel.collapse')}
        >
          <span aria-hidden="true">{sideCollapsed ? '›' : '‹'}</span>
          <span className="visually-hidden">{sideCollapsed ? t('panel.expand') : t('panel.collapse')}</span>
        </button>
      ) : null}
      <div className="side-content">
        {/* an inspector comes for the worklist: it leads the panel */}
        {inspectorFirst && !plannerOpen ? forestPanel : null}
        {/* The planner's tools take the place of the layer panel while open; the legend always follows
            the layer choice directly (leaders read them together), the forest filters come after it. */}
        <div className="no-print">
          <button type="button" className="planner-toggle" aria-expanded={plannerOpen} onClick={() => (plannerOpen && plannerDraft.dirty() && !confirm(t('field.closeUnsaved')) ? undefined : togglePlanner())} data-testid="planner-open">
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
          commune={{ mode: communeMode, year: years?.commune ?? null, compare: state.compare ?? null, targetYears: meta.data?.commune.targetYears }}
          villageYear={years?.village ?? null}
          palette={state.palette}
          onPalette={(p) => update({ palette: p === 'standard' ? undefined : p })}
        />
        {plannerOpen || inspectorFirst ? null : forestPanel}
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
  } else if (!meta.data || !years || !tileVersionsKnown || (meta.data.basemapStyleUrl && basemap.status !== 'ready' && basemap.status !== 'error')) {
    main = <div className="map-message">{t('app.loadingMeta')}</div>;
  } else if (state.split) {
    main = (
      <div className="map-area">
        <Suspense fallback={<div className="map-message">{t('map.loading')}</div>}>
          <CompareView split={state.split} year={years.commune} style={communeMode} criterion={state.criterion} years={meta.data.commune.years} layers={layers} versions={tileVersions.data} basemap={basemap.data ?? null} bounds={meta.data.bounds} view={state.view} onView={onViewChange} onSplit={(split) => update({ split })} onClose={() => update({ split: undefined })} onChangeMap={(from) => update({ split: undefined, style: 'change', compare: from })} />
        </Suspense>
      </div>
    );
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
            versions={tileVersions.data}
            villages={villagesOn ? villages.data : null}
            villagesReady={!villagesOn || villages.status === 'ready' || villages.status === 'error'}
            onPick={onPick}
            onViewChange={onViewChange}
            palette={state.palette}
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
    // beside the map (a sheet on a phone); the map stays mounted as the first child
    main = (
      <>
        {main}
        {dashboardOpen ? (
          <Suspense fallback={<div className="dashboard">{t('app.loading')}</div>}>
            <Dashboard
              meta={meta.data}
              year={years.commune}
              villageYear={years.village}
              plantingYear={plotFilter.plantingYear}
              selection={state.selection}
              onSelect={(selection) => update({ selection })}
              onClose={() => setDashboardOpen(false)}
              era={eraOf(state.layers)}
            />
          </Suspense>
        ) : null}
      </>
    );
  }

  const infoOpen = state.selection != null;
  const info = <InfoPanel selection={state.selection} detail={detail} onClose={() => onPick(null)} onSelect={onPick} />;
  const sheetTabs = (
    <>
      <button type="button" aria-pressed={sheet === 'layers'} onClick={() => toggleSheet('layers')} data-testid="sheet-layers">
        {t('sheet.layers')}
      </button>
      <button type="button" aria-pressed={sheet === 'info'} onClick={() => toggleSheet('info')} data-testid="sheet-info">
        {t('sheet.info')}
      </button>
      <DashboardButton tab />
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
