import { useEffect, useState, type ReactNode } from 'react';
import type { NtmTableId, NtmTablesResponse } from '../../../server/domain/ntm.ts';
import { errorText } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { CRITERIA_LAYERS, useLayersRevision } from '../state/layerRevisions.ts';
import { useAsync } from '../state/useAsync.ts';
import { useMeta } from '../state/useAtlasData.ts';
import { ntmApi, type TablesParams } from './ntmApi.ts';
import { ReportTable } from './ReportTable.tsx';
import { screenHash, screenParams, type ScreenProps } from '../lib/urlState.ts';
import { missingYears } from '../lib/years.ts';
import { UploadPanel } from './UploadPanel.tsx';
import './ntm.css';
import { NamedOptions } from '../panels/UnitOptions.tsx';

/**
 * '#/ntm': the NTM tables for leaders — per province (by district) or per district, for any year
 * with data, against a second year — aggregated by the API, printable, and downloadable as CSV
 * (one table) or Excel (every table, laid out as the report's appendix). The seven tables come
 * laid out from the server (GET /api/ntm/report), the definitions the CSV and the XLSX are made
 * of, so the screen and the files cannot disagree.
 */
export function NtmScreen({ year, onYear, mapHref, era, onEra }: ScreenProps) {
  const { t, lang, pick } = useI18n();
  const revision = useLayersRevision(CRITERIA_LAYERS);
  const meta = useMeta();
  const [params, setParams] = useState<TablesParams | null>(null);
  const [districts, setDistricts] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    if (!meta.data || params) return;
    // the table state comes from the link ('#/ntm?year=2020&district=608&compare=2015'); the year
    // is the app's one year (the header's, the map's)
    const q = screenParams(location.hash);
    const compare = Number(q.get('compare'));
    setParams({
      year: year ?? meta.data.commune.latestYear,
      // from 1 July 2025 there are no districts, and the new-unit tables show every year already
      district: era === 'before' && /^\d{3}$/.test(q.get('district') ?? '') ? q.get('district') : null,
      compare: era === 'before' && meta.data.commune.years.includes(compare) ? compare : null,
      era,
    });
  }, [meta.data, params]);

  // the era is the map's (its layers, in the URL): switching it here switches the map's too
  useEffect(() => {
    setParams((cur) => (cur && cur.era !== era ? { ...cur, era, ...(era === 'after' ? { district: null, compare: null } : {}) } : cur));
  }, [era]);

  // one year for the whole app: the header's year drives the tables (and the other way round)
  useEffect(() => {
    if (year != null) setParams((cur) => (cur && cur.year !== year ? { ...cur, year, compare: cur.compare != null && cur.compare < year ? cur.compare : null } : cur));
  }, [year]);

  // the table state in the URL, so the screen can be linked and reloaded as it is
  useEffect(() => {
    if (!params) return;
    // …followed by the map's own state (view, layers, selection), so that after a reload "← back
    // to the map" still returns to the map as it was; the year and compare here are the tables'
    const map = new URLSearchParams(mapHref.replace(/^#/, ''));
    for (const k of ['year', 'lang', 'compare', 'district']) map.delete(k);
    const rest = map.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
    const hash = `${screenHash('/ntm', { year: params.year, district: params.district, compare: params.compare, lang: lang === 'vi' ? null : lang })}${rest ? `&${rest}` : ''}`;
    if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }, [params, lang, mapHref]);
  // after a criteria edit or upload on this page the tables are read again (the revision)
  const report = useAsync(
    params ? `${params.year}:${params.district}:${params.compare}:${params.era}:${lang}:${revision}` : null,
    (signal) => ntmApi.report(params!, lang, signal),
    { keepPrevious: true },
  );
  const data: NtmTablesResponse | null = report.data?.data ?? null;
  useEffect(() => {
    if (!data || !params || data.units2025) return;
    if (data.scope.level === 'province') setDistricts(data.units.map((u) => ({ code: u.code, name: u.name })));
    // opened on a district from a link: the district list comes from the province's table
    else if (districts.length === 0) {
      const ctl = new AbortController();
      void ntmApi.report({ year: params.year, district: null, compare: null }, lang, ctl.signal).then((p) => setDistricts(p.data.units.map((u) => ({ code: u.code, name: u.name }))), () => {});
      return () => ctl.abort();
    }
  }, [data]);
  const error = meta.status === 'error' ? t('app.metaError') : report.status === 'error' ? errorText(report.error, pick, t('info.error')) : null;

  const years = meta.data?.commune.years ?? [];
  const set = (p: Partial<TablesParams>) => setParams((cur) => (cur ? { ...cur, ...p } : cur));
  const csv = (table: NtmTableId) => (params ? ntmApi.csvUrl(params, table, lang) : '#');

  return (
    <div className="ntm-screen" data-testid="ntm-screen">
      <div className="ntm-toolbar no-print">
        <a href={mapHref} className="ntm-back" data-testid="ntm-back">
          ← {t('app.backToMap')}
        </a>
        <label>
          <span>{t('ntm.screen.year')}</span>
          <select
            value={params?.year ?? ''}
            onChange={(e) => {
              set({ year: Number(e.target.value), compare: null });
              onYear(Number(e.target.value));
            }}
            data-testid="ntm-year"
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        {missingYears(years).length ? (
          <span className="muted ntm-missing-years" data-testid="ntm-missing-years">
            {t('ntm.screen.missingYears', { years: missingYears(years).join(', ') })}
          </span>
        ) : null}
        <fieldset className="era-switch ntm-era" data-testid="ntm-era">
          <legend>{t('units2025.era.label')}</legend>
          {(['before', 'after'] as const).map((e) => (
            <label key={e} className={era === e ? 'era-option era-option--on' : 'era-option'}>
              <input type="radio" name="ntm-era" value={e} checked={era === e} onChange={() => onEra(e)} data-testid={`ntm-era-${e}`} />
              {t(`units2025.era.${e}`)}
            </label>
          ))}
        </fieldset>
        {era === 'before' ? (
          <>
        <label>
          <span>{t('ntm.screen.unit')}</span>
          <select value={params?.district ?? ''} onChange={(e) => set({ district: e.target.value || null })} data-testid="ntm-district">
            <option value="">{t('ntm.screen.province')}</option>
            <NamedOptions items={districts} />
          </select>
        </label>
        <label>
          <span>{t('ntm.screen.compare')}</span>
          <select value={params?.compare ?? ''} onChange={(e) => set({ compare: e.target.value ? Number(e.target.value) : null })} data-testid="ntm-compare">
            <option value="">{t('ntm.screen.noCompare')}</option>
            {years
              .filter((y) => params && y < params.year)
              .map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
          </select>
        </label>
          </>
        ) : null}
        <span className="ntm-toolbar-actions">
          {params ? (
            <a className="button primary" href={ntmApi.xlsxUrl(params, lang)} download data-testid="ntm-xlsx">
              {t('ntm.screen.exportXlsx')}
            </a>
          ) : null}
          <button type="button" onClick={() => print()}>
            {t('ntm.screen.print')}
          </button>
        </span>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {!data || !report.data ? (
        <p className="muted">{t('ntm.screen.loading')}</p>
      ) : (
        <>
          <header className="ntm-heading">
            <h1 data-testid="ntm-title">
              {t('ntm.screen.title')} · {data.scope.level === 'province' ? t('ntm.screen.provinceName', { name: data.scope.name }) : data.scope.name} · {data.year}
            </h1>
            {data.units2025 ? (
              <p className="ntm-era-note" data-testid="ntm-era-note">
                {t('ntm.screen.eraAfter', { n: data.units2025.length })}
              </p>
            ) : null}
            <p className="muted">
              {t('ntm.screen.asOf', { date: formatDate(data.asOf), set: data.criteriaSet.name[lang] })}
            </p>
          </header>
          <Kpis d={data} />
          {report.data.tables.map((table) => (
            <Table key={table.id} id={table.id} title={`${table.label}. ${table.title}`} subtitle={table.subtitle} notes={table.notes} csv={table.rows.length ? csv(table.id) : null}>
              <ReportTable table={table} lang={lang} year={data.year} />
            </Table>
          ))}
          <p className="ntm-source muted">{t('ntm.screen.source', { text: data.source[lang] })}</p>
          <UploadPanel year={data.year} />
        </>
      )}
    </div>
  );
}

function Table({ id, title, subtitle, notes, csv, children }: { id: string; title: string; subtitle: string; notes: string[]; csv: string | null; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="ntm-section" data-testid={`ntm-table-${id}`}>
      <div className="ntm-section-head">
        <h2>{title}</h2>
        {csv ? (
          <a className="no-print" href={csv} download data-testid={`ntm-csv-${id}`}>
            {t('ntm.screen.exportCsv')}
          </a>
        ) : null}
      </div>
      <p className="muted">{subtitle}</p>
      <div className="ntm-table-wrap">{children}</div>
      {notes.map((n) => (
        <p key={n} className="ntm-note muted">
          {n}
        </p>
      ))}
    </section>
  );
}

function Kpis({ d }: { d: NtmTablesResponse }) {
  const { t, num } = useI18n();
  const k = d.total;
  const items = [
    { label: t('ntm.kpi.recognised'), value: String(k.recognised), sub: t('ntm.kpi.of', { n: k.communes }), id: 'recognised' },
    { label: t('ntm.kpi.meetingAll'), value: String(k.meetingAll), sub: k.meetingNotRecognised ? t('ntm.kpi.notRecognised', { n: k.meetingNotRecognised }) : t('ntm.kpi.of', { n: k.communes }), id: 'meeting-all' },
    { label: t('ntm.kpi.average'), value: num(k.averageCriteria, 1), sub: '', id: 'average' },
    { label: t('ntm.kpi.advanced'), value: String(k.levels.advanced), sub: '', id: 'advanced' },
    { label: t('ntm.kpi.model'), value: String(k.levels.model), sub: '', id: 'model' },
  ];
  return (
    <div className="ntm-kpis">
      {items.map((i) => (
        <div key={i.id} className="ntm-kpi" data-testid={`ntm-kpi-${i.id}`}>
          <span className="ntm-kpi-value">{i.value}</span>
          <span className="ntm-kpi-label">{i.label}</span>
          {i.sub ? <span className="ntm-kpi-sub">{i.sub}</span> : null}
        </div>
      ))}
    </div>
  );
}
