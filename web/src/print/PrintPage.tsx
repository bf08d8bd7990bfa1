/**
 * The print page (`?print=1&paper=A3&orientation=landscape#<the map's share-link state>`): exactly
 * one sheet of paper laid out in mm — title and subtitle, the map drawn at PRINT_DPI, north
 * arrow, a scale bar measured on the printed map, the legend from the layers' own classes, date,
 * source and the illustrative-data notice. On screen it is a preview with the paper choice and a
 * print button; the unattended printer (server/print-cli.ts) waits for `<html data-print-ready>`.
 * Loaded lazily: its fonts and styles reach only this page.
 */
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '../ntm/ntm.css';
import './print.css';
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ntmApi } from '../ntm/ntmApi.ts';
import { ReportTable } from '../ntm/ReportTable.tsx';
import { useAsync } from '../state/useAsync.ts';
import type { ReportTable as Table } from '../../../server/domain/report-table.ts';
import { LAYERS } from '../lib/layers.ts';
import { eraOf } from '../layers/units2025/era.ts';
import { buildLegend, type LegendItem } from '../lib/legend.ts';
import type { AtlasUrlState } from '../lib/urlState.ts';
import type { MapHandle } from '../map/MapView.tsx';
import { useDocumentLang, useMapInputs, useShellData } from '../state/useShell.ts';
import {
  fitView,
  formatPrintDate,
  metresPerPixel,
  MM_PER_CSS_PX,
  ORIENTATIONS,
  pageSizeMm,
  PAPERS,
  PRINT_MARGIN_MM,
  PRINT_PIXEL_RATIO,
  parsePrintRequest,
  printRequestSchema,
  printSearch,
  printsCharts,
  REFERENCE_MAP_PX,
  scaleBar,
  viewBounds,
  type PrintRequest,
} from './paper.ts';

const MapView = lazy(() => import('../map/MapView.tsx'));
// the dashboard's charts (and their library) load only when this sheet prints them
const Dashboard = lazy(() => import('../dashboard/Dashboard.tsx'));

declare global {
  interface Window {
    /** What the unattended printer and the tests read once the page is ready. */
    __print?: { zoom: number; center: [number, number]; imageWidth: number; imageHeight: number; mapWidthMm: number; mapHeightMm: number };
  }
}

interface Captured {
  image: string;
  width: number;
  height: number;
  center: [number, number];
  zoom: number;
  communes: string[];
}

/** The report's per-commune table (Biểu 05) cut to the communes drawn in the frame, in the report's order. */
function unitsInView(table: Table, codes: readonly string[]): Table {
  const keep = new Set(codes);
  const rows: Table['rows'] = [];
  const communeCodes: (string | null)[] = [];
  table.rows.forEach((r, i) => {
    const code = table.communeCodes?.[i];
    if (code && keep.has(code)) {
      rows.push(r);
      communeCodes.push(code);
    }
  });
  return { ...table, rows, communeCodes, boldRows: [] };
}

const noop = () => {};

export default function PrintPage({ state }: { state: AtlasUrlState }) {
  const { t } = useI18n();
  const request = useMemo(() => parsePrintRequest(location.search) ?? printRequestSchema.parse({}), []);
  useDocumentLang(state.lang);
  const { meta, years, villagesOn, villages, detail, basemap, forestUnits, criteriaSet, tileVersions, tileVersionsKnown } = useShellData(state);
  const { criterionInfo, layers, communeMode, communeStyle, plotStyleFilter, villageTooltip } = useMapInputs(state, { forestUnits, criteriaSet });
  const page = pageSizeMm(request.paper, request.orientation);
  const mapBox = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapHandle>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [captured, setCaptured] = useState<Captured | null>(null);

  useLayoutEffect(() => {
    const el = mapBox.current;
    if (el) setSize({ width: el.clientWidth, height: el.clientHeight });
  }, [request.paper, request.orientation]);

  // the ground to show: the screen's extent when printed from the map, else the link's view as a desktop shows it, else the province
  const ground = request.bbox ?? (state.view ? viewBounds(state.view, REFERENCE_MAP_PX.width, REFERENCE_MAP_PX.height) : meta.data?.bounds);
  const view = useMemo(() => (size && ground ? fitView(ground, size.width, size.height) : null), [size, ground?.join(',')]); // keyed by content on purpose

  const onReady = useCallback((ready: boolean) => {
    if (!ready) return;
    // fonts first: the legend and the title must be drawn in the embedded font before anyone prints
    void document.fonts.ready.then(() => {
      const c = mapRef.current?.capture();
      if (c) setCaptured(c);
    });
  }, []);

  // the optional second page: the per-commune appendix table, cut to the communes in the frame
  const lang = state.lang;
  const report = useAsync(request.table && years ? `print-table:${years.commune}:${lang}` : null, (signal) =>
    ntmApi.report({ year: years!.commune, district: null, compare: null }, lang, signal),
  );
  const communesTable = report.data?.tables.find((tb) => tb.id === 'communes') ?? null;
  const tableDone = !request.table || report.status === 'error' || communesTable != null;

  // the optional charts pages: the dashboard for the view's year and selection, on paper
  const withCharts = printsCharts(request, state.dash === true);
  const [chartsDrawn, setChartsDrawn] = useState(false);
  const onChartsSettled = useCallback(() => {
    // the charts draw in the effects after their data arrive (they measure their width first): two frames later they are on the page
    requestAnimationFrame(() => requestAnimationFrame(() => setChartsDrawn(true)));
  }, []);
  const chartsDone = !withCharts || chartsDrawn;

  useEffect(() => {
    if (!captured || !size || !tableDone || !chartsDone) return;
    window.__print = {
      zoom: captured.zoom,
      center: captured.center,
      imageWidth: captured.width,
      imageHeight: captured.height,
      mapWidthMm: size.width * MM_PER_CSS_PX,
      mapHeightMm: size.height * MM_PER_CSS_PX,
    };
    document.documentElement.dataset.printReady = 'true';
  }, [captured, size, tableDone, chartsDone]);

  const zoom = view?.zoom ?? null;
  const sections = buildLegend({
    layers,
    criterion: criterionInfo,
    thresholds: meta.data?.thresholds,
    commune: { mode: communeMode, year: years?.commune ?? null, compare: state.compare ?? null, targetYears: meta.data?.commune.targetYears },
    // the view's palette (a briefing for a projector) prints as it shows: map and legend alike
    palette: state.palette,
  }).filter((s) => zoom == null || zoom >= (LAYERS.find((l) => l.id === s.layer)?.minzoom ?? 0));

  const what = sections.length ? t(sections[0].title, sections[0].titleParams) : t('print.title.map');
  const where =
    detail.status === 'ready' && detail.data.kind === 'commune'
      ? `${detail.data.data.fullName}, ${detail.data.data.district.name}`
      : detail.status === 'ready' && detail.data.kind === 'village'
        ? `${detail.data.data.name}, ${detail.data.data.commune.name}, ${detail.data.data.district.name}`
        : t('print.province');
  const title = request.title ?? what;
  const subtitle = [request.title ? what : null, where, years ? t('print.year', { year: years.commune }) : null].filter(Boolean).join(' · ');
  const bar = captured ? scaleBar(metresPerPixel(captured.center[1], captured.zoom)) : null;

  // the app's data cannot be read (sign-in required, server down): say so, and tell the unattended printer at once
  const failure = meta.status === 'error' ? (meta.error instanceof ApiRequestError && meta.error.status === 401 ? t('app.signInRequired') : t('app.metaError')) : null;
  useEffect(() => {
    if (!failure) return;
    document.documentElement.dataset.printError = failure;
    document.documentElement.dataset.printReady = 'error';
  }, [failure]);
  const mapReady = meta.data && years && tileVersionsKnown && !(meta.data.basemapStyleUrl && basemap.status !== 'ready' && basemap.status !== 'error');
  const go = (r: Partial<PrintRequest>) => location.replace(`${location.pathname}${printSearch({ ...request, ...r })}${location.hash}`);

  return (
    <div className="print-root">
      {/* the page box: later in the document than styles.css's own @page, so it wins */}
      <style>{`@page { size: ${request.paper} ${request.orientation}; margin: ${PRINT_MARGIN_MM}mm; }`}</style>
      <div className="print-toolbar" role="toolbar" aria-label={t('print.toolbar')}>
        <label>
          {t('print.paper')}{' '}
          <select value={request.paper} onChange={(e) => go({ paper: e.target.value as PrintRequest['paper'] })} data-testid="print-paper">
            {PAPERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('print.orientation')}{' '}
          <select value={request.orientation} onChange={(e) => go({ orientation: e.target.value as PrintRequest['orientation'] })} data-testid="print-orientation">
            {ORIENTATIONS.map((o) => (
              <option key={o} value={o}>
                {t(`print.orientation.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={request.table != null} onChange={(e) => go({ table: e.target.checked ? '1' : undefined })} data-testid="print-table" /> {t('print.withTable')}
        </label>
        <label>
          <input type="checkbox" checked={withCharts} onChange={(e) => go({ charts: e.target.checked ? '1' : '0' })} data-testid="print-charts" /> {t('print.withCharts')}
        </label>
        <button type="button" onClick={() => print()} disabled={!captured} data-testid="print-now">
          {captured ? t('print.now') : t('print.preparing')}
        </button>
      </div>
      <article
        className={`print-sheet print-sheet--${request.orientation}`}
        style={{ width: `${page.width - 2 * PRINT_MARGIN_MM}mm`, height: `${page.height - 2 * PRINT_MARGIN_MM - 0.5}mm` }}
        data-testid="print-sheet"
      >
        <header className="print-head">
          <p className="print-app">
            {t('app.title')} – {t('app.subtitle')}
          </p>
          <h1 data-testid="print-title">{title}</h1>
          <p className="print-subtitle" data-testid="print-subtitle">
            {subtitle}
          </p>
          {request.note ? <p className="print-note">{request.note}</p> : null}
        </header>
        <div className="print-body">
          <div className="print-map" ref={mapBox}>
            {failure ? (
              <p className="print-failure" role="alert">
                {failure}
              </p>
            ) : null}
            {mapReady && view && size ? (
              <Suspense fallback={null}>
                <MapView
                  ref={mapRef}
                  bounds={meta.data!.bounds}
                  initialView={view}
                  year={years!.commune}
                  criterion={state.criterion}
                  layers={layers}
                  selection={state.selection}
                  basemap={basemap.data ?? null}
                  plotFilter={plotStyleFilter}
                  commune={communeStyle}
                  versions={tileVersions.data}
                  palette={state.palette}
                  villages={villagesOn ? villages.data : null}
                  villagesReady={!villagesOn || villages.status === 'ready' || villages.status === 'error'}
                  onPick={noop}
                  onViewChange={noop}
                  villageTooltip={villageTooltip}
                  ariaLabel={t('map.label')}
                  pixelRatio={PRINT_PIXEL_RATIO}
                  onReady={onReady}
                />
              </Suspense>
            ) : null}
            {captured ? <img className="print-map-image" src={captured.image} alt={t('map.label')} data-testid="print-map-image" /> : null}
            <NorthArrow label={t('print.north')} />
            {bar ? <ScaleBarView bar={bar} label={t('print.scale', { ratio: bar.ratio.toLocaleString('vi-VN') })} /> : null}
          </div>
          <aside className="print-legend" data-testid="print-legend">
            <h2>{t('legend.title')}</h2>
            {sections.map((s) => (
              <section key={s.layer}>
                <h3>{t(s.title, s.titleParams)}</h3>
                <ul>
                  {s.items.map((i) => (
                    <li key={`${i.label}-${i.color}-${i.size ?? ''}`}>
                      <Swatch i={i} />
                      {t(i.label, i.params)}
                    </li>
                  ))}
                </ul>
                {s.note ? <p className="print-legend-note">{t(s.note)}</p> : null}
              </section>
            ))}
          </aside>
        </div>
        <footer className="print-foot" data-testid="print-foot">
          <span>{t('print.date', { date: formatPrintDate(new Date()) })}</span>
          <span>{t('print.source')}</span>
          {meta.data?.demo !== false ? <span className="print-demo">{t('print.demo')}</span> : null}
        </footer>
      </article>
      {request.table && captured && years ? (
        <section className="print-units" style={{ width: `${page.width - 2 * PRINT_MARGIN_MM}mm` }} data-testid="print-units">
          <h2>
            {t('print.unitsTitle')} · {title} · {t('print.year', { year: years.commune })}
          </h2>
          {communesTable ? (
            <ReportTable table={unitsInView(communesTable, captured.communes)} lang={lang} year={years.commune} />
          ) : (
            <p>{report.status === 'error' ? t('print.tableError') : t('app.loading')}</p>
          )}
        </section>
      ) : null}
      {withCharts && captured && meta.data && years ? (
        <section
          className={`print-charts print-charts--${request.orientation}`}
          style={{ width: `${page.width - 2 * PRINT_MARGIN_MM}mm` }}
          data-testid="print-charts-pages"
        >
          <Suspense fallback={<p>{t('app.loading')}</p>}>
            <Dashboard
              meta={meta.data}
              year={years.commune}
              villageYear={years.village}
              plantingYear={state.plotFilter?.plantingYear ?? null}
              selection={state.selection ?? null}
              onSelect={noop}
              era={eraOf(state.layers)}
              print
              onSettled={onChartsSettled}
            />
          </Suspense>
        </section>
      ) : null}
    </div>
  );
}

function Swatch({ i }: { i: LegendItem }) {
  const style: CSSProperties = { background: i.color };
  if (i.size) Object.assign(style, { width: i.size, height: i.size });
  if (i.ring) Object.assign(style, { boxShadow: `0 0 0 2.5px ${i.ring}` });
  return <span className={`print-swatch print-swatch--${i.shape}${i.strong ? ' print-swatch--strong' : ''}`} style={style} data-color={i.color} aria-hidden="true" />;
}

/** A north arrow (the map is never rotated: north is up). Vector, so it prints sharp. */
function NorthArrow({ label }: { label: string }) {
  return (
    <svg className="print-north" viewBox="0 0 40 52" role="img" aria-label={label} data-testid="print-north">
      <circle cx="20" cy="32" r="19" fill="#fff" stroke="#000" strokeWidth="1.5" />
      <path d="M20 14 L30 44 L20 37 Z" fill="#000" />
      <path d="M20 14 L10 44 L20 37 Z" fill="#fff" stroke="#000" strokeWidth="1.2" strokeLinejoin="round" />
      <text x="20" y="11" textAnchor="middle" fontSize="12" fontWeight="700" fill="#000">
        N
      </text>
    </svg>
  );
}

/** The scale bar: four alternating segments exactly bar.mm long on paper, the distance and the 1:n ratio. */
function ScaleBarView({ bar, label }: { bar: ReturnType<typeof scaleBar>; label: string }) {
  const km = bar.metres >= 1000;
  const unit = km ? 'km' : 'm';
  const value = (f: number) => String(Number(((bar.metres * f) / (km ? 1000 : 1)).toFixed(2)));
  const w = bar.mm / MM_PER_CSS_PX;
  const h = 2.4 / MM_PER_CSS_PX;
  const stroke = 0.3 / MM_PER_CSS_PX;
  return (
    <div className="print-scale" data-testid="print-scale" data-metres={bar.metres}>
      <div className="print-scale-labels" style={{ width: `${bar.mm}mm` }}>
        <span>0</span>
        <span>{value(0.5)}</span>
        <span>
          {value(1)} {unit}
        </span>
      </div>
      {/* Drawn in SVG user units (CSS px, fractional): Chromium snaps boxes and an SVG's viewport to whole
          pixels when it prints, which moved the bar's ends by up to 1 px; shapes inside an SVG keep their exact size. */}
      <svg className="print-scale-bar" width={Math.ceil(w) + 2} height={h} data-testid="print-scale-bar" data-length-px={w}>
        {[0, 1, 2, 3].map((k) => (
          <rect key={k} x={(w / 4) * k} y={0} width={w / 4} height={h} fill={k % 2 ? '#fff' : '#000'} />
        ))}
        <rect x={stroke / 2} y={stroke / 2} width={w - stroke} height={h - stroke} fill="none" stroke="#000" strokeWidth={stroke} />
      </svg>
      <p className="print-scale-ratio">{label}</p>
    </div>
  );
}
