import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MetaResponse, VillageGroupStats } from '../../../server/domain/api.ts';
import { BAND_IDS, type NtmTableId, type NtmTablesResponse, type NtmTableUnit, type VillageStatsWithDistricts } from '../../../server/domain/ntm.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { ntmApi, type TablesParams } from './ntmApi.ts';
import { screenHash, screenParams, type ScreenProps } from '../lib/urlState.ts';
import { missingYears } from '../lib/years.ts';
import { useNtmRevision } from './revision.ts';
import { UploadPanel } from './UploadPanel.tsx';
import './ntm.css';
import { NamedOptions } from '../panels/UnitOptions.tsx';

const LEVEL_KEYS = { ntm: 'ntm.legend.ntm', advanced: 'ntm.legend.advanced', model: 'ntm.legend.model', district_ntm: 'ntm.t.levels' } as const;

/**
 * '#/ntm': the NTM tables for leaders — per province (by district) or per district, for any year
 * with data, against a second year — as on the map, aggregated by the API, printable, and
 * downloadable as CSV (one table) or Excel (every table, laid out as the report's appendix).
 */
export function NtmScreen({ year, onYear, mapHref }: ScreenProps) {
  const { t, lang, num } = useI18n();
  const revision = useNtmRevision();
  const [meta, setMeta] = useState<MetaResponse | null>(null);
  const [params, setParams] = useState<TablesParams | null>(null);
  const [data, setData] = useState<NtmTablesResponse | null>(null);
  const [districts, setDistricts] = useState<{ code: string; name: string }[]>([]);
  const [villages, setVillages] = useState<VillageStatsWithDistricts | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    api.meta(ctl.signal).then((m) => {
      setMeta(m);
      // the table state comes from the link ('#/ntm?year=2020&district=608&compare=2015'); the year
      // is the app's one year (the header's, the map's)
      const q = screenParams(location.hash);
      const compare = Number(q.get('compare'));
      setParams({
        year: year ?? m.commune.latestYear,
        district: /^\d{3}$/.test(q.get('district') ?? '') ? q.get('district') : null,
        compare: m.commune.years.includes(compare) ? compare : null,
      });
    }, () => setError(t('app.metaError')));
    return () => ctl.abort();
  }, []);

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

  useEffect(() => {
    if (!params) return;
    const ctl = new AbortController();
    setError(null);
    ntmApi.tables(params, ctl.signal).then(
      (d) => {
        setData(d);
        if (d.scope.level === 'province') setDistricts(d.units.map((u) => ({ code: u.code, name: u.name })));
        // opened on a district from a link: the district list comes from the province's table
        else if (districts.length === 0) {
          void ntmApi.tables({ year: params.year, district: null, compare: null }, ctl.signal).then((p) => setDistricts(p.units.map((u) => ({ code: u.code, name: u.name }))), () => {});
        }
      },
      (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
    );
    // the village table: the latest village year up to the year, against the village year before it
    const vYears = (meta?.village.years ?? []).slice().sort((a, b) => a - b);
    const vYear = vYears.filter((y) => y <= params.year).at(-1);
    if (vYear === undefined) setVillages(null);
    else {
      const base = vYears.filter((y) => y < vYear).at(-1) ?? null;
      ntmApi.villages(params.district ?? '62', vYear, base, ctl.signal).then(setVillages, () => setVillages(null));
    }
    return () => ctl.abort();
  }, [params, revision, meta]);

  const years = meta?.commune.years ?? [];
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
      {!data ? (
        <p className="muted">{t('ntm.screen.loading')}</p>
      ) : (
        <>
          <header className="ntm-heading">
            <h1 data-testid="ntm-title">
              {t('ntm.screen.title')} · {data.scope.level === 'province' ? t('ntm.screen.provinceName', { name: data.scope.name }) : data.scope.name} · {data.year}
            </h1>
            <p className="muted">
              {t('ntm.screen.asOf', { date: formatDate(data.asOf), set: data.criteriaSet.name[lang] })}
            </p>
          </header>
          <Kpis d={data} />
          <Table id="criteria" title={t('ntm.t.criteria')} csv={csv('criteria')}>
            <CriteriaTable d={data} />
          </Table>
          <Table id="bands" title={t('ntm.t.bands')} csv={csv('bands')}>
            <BandsTable d={data} />
          </Table>
          <Table id="levels" title={t('ntm.t.levels')} csv={csv('levels')}>
            <LevelsTable d={data} />
          </Table>
          <Table id="weakest" title={t('ntm.t.weakest')} csv={csv('weakest')}>
            <table className="ntm-table">
              <thead>
                <tr>
                  <th>{t('ntm.col.rank')}</th>
                  <th>{t('ntm.col.criterion')}</th>
                  <th>{t('ntm.col.met')}</th>
                  <th>{t('ntm.col.share')}</th>
                </tr>
              </thead>
              <tbody>
                {data.weakest.map((w, i) => (
                  <tr key={w.no}>
                    <td className="num">{i + 1}</td>
                    <td>
                      {w.no}. {w.name[lang]}
                    </td>
                    <td className="num">
                      {w.met}/{w.of}
                    </td>
                    <td className="bar-cell">
                      <span className="bar" style={{ width: `${w.share}%` }} />
                      <span>{num(w.share, 1)} %</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Table>
          <Table id="changes" title={t('ntm.t.changes')} csv={data.changes ? csv('changes') : null}>
            <ChangesTable d={data} />
          </Table>
          <Table id="villages" title={t('ntm.t.villages')} csv={villages ? csv('villages') : null}>
            <VillagesTable v={villages} province={data.scope.level === 'province'} />
          </Table>
          <Table id="communes" title={t('ntm.t.communes')} csv={csv('communes')}>
            <CommunesTable d={data} />
          </Table>
          <p className="ntm-source muted">{t('ntm.screen.source', { text: data.source[lang] })}</p>
          <UploadPanel year={data.year} />
        </>
      )}
    </div>
  );
}

function Table({ id, title, csv, children }: { id: string; title: string; csv: string | null; children: ReactNode }) {
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
      <div className="ntm-table-wrap">{children}</div>
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

/** Cell shading of x/N by share met: the weaker, the warmer (legible in print). */
const shade = (met: number, of: number) => {
  if (!of) return undefined;
  const r = met / of;
  return r >= 1 ? '#e5f2e0' : r >= 0.75 ? '#f3f8ec' : r >= 0.5 ? '#fff6dd' : '#fde3d2';
};

function CriteriaTable({ d }: { d: NtmTablesResponse }) {
  const { t, lang } = useI18n();
  const cols: NtmTableUnit[] = [d.total, ...d.units];
  const goals = d.criterionTargets;
  return (
    <table className="ntm-table ntm-table--dense">
      <thead>
        <tr>
          <th>{t('ntm.col.no')}</th>
          <th>{t('ntm.col.criterion')}</th>
          <th className="total">{d.scope.level === 'province' ? t('ntm.total.province') : d.scope.name}</th>
          {goals ? <th>{t('ntm.col.criterionTarget', { year: goals.year })}</th> : null}
          {d.units.map((u) => (
            <th key={u.code}>{u.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.criteria.map((k) => (
          <tr key={k.no}>
            <td className="num">{k.no}</td>
            <td>{k.name[lang]}</td>
            {cols.map((u, i) => {
              const met = u.perCriterion[String(k.no)] ?? 0;
              const cell = (
                <td key={u.code} className={`num${i === 0 ? ' total' : ''}`} style={{ background: shade(met, u.communes) }} data-testid={i === 0 ? `ntm-criterion-${k.no}` : undefined}>
                  {met}/{u.communes}
                </td>
              );
              const goal = goals?.perCriterion[String(k.no)];
              return i === 0 && goals ? (
                [cell, <td key="goal" className="num" data-testid={`ntm-criterion-target-${k.no}`}>{goal ?? '–'}</td>]
              ) : (
                cell
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function unitRows(d: NtmTablesResponse): { name: string; u: NtmTableUnit; total: boolean }[] {
  return [...d.units.map((u) => ({ name: u.name, u, total: false })), { name: d.scope.level === 'province' ? 'ntm.total.province' : d.scope.name, u: d.total, total: true }];
}

function BandsTable({ d }: { d: NtmTablesResponse }) {
  const { t, num } = useI18n();
  return (
    <table className="ntm-table">
      <thead>
        <tr>
          <th rowSpan={2}>{t('ntm.col.unit')}</th>
          <th rowSpan={2}>{t('ntm.col.communes')}</th>
          <th colSpan={5}>{t('ntm.t.bands').replace(/^[^.]*\.\s*/, '')}</th>
          <th rowSpan={2}>{t('ntm.col.total')}</th>
          <th rowSpan={2}>{t('ntm.col.average')}</th>
        </tr>
        <tr>
          {BAND_IDS.map((b) => (
            <th key={b}>{b === '0-4' ? t('ntm.col.bandBelow5') : t('ntm.col.band', { label: b.replace('-', '–') })}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {unitRows(d).map((r) => (
          <tr key={r.u.code} className={r.total ? 'total' : ''} data-testid={r.total ? 'ntm-bands-total' : undefined}>
            <td>{r.total && d.scope.level === 'province' ? t('ntm.total.province') : r.name}</td>
            <td className="num">{r.u.communes}</td>
            {BAND_IDS.map((b) => (
              <td key={b} className="num">
                {r.u.bands[b]}
              </td>
            ))}
            <td className="num">{r.u.totalCriteria}</td>
            <td className="num">{num(r.u.averageCriteria, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LevelsTable({ d }: { d: NtmTablesResponse }) {
  const { t, lang } = useI18n();
  return (
    <>
      <table className="ntm-table">
        <thead>
          <tr>
            <th>{t('ntm.col.unit')}</th>
            <th>{t('ntm.col.communes')}</th>
            <th>{t('ntm.col.meetingAll')}</th>
            <th>{t('ntm.col.recognised')}</th>
            <th>{t('ntm.col.notRecognised')}</th>
            <th>{t('ntm.col.advanced')}</th>
            <th>{t('ntm.col.model')}</th>
          </tr>
        </thead>
        <tbody>
          {unitRows(d).map((r) => (
            <tr key={r.u.code} className={r.total ? 'total' : ''}>
              <td>{r.total && d.scope.level === 'province' ? t('ntm.total.province') : r.name}</td>
              <td className="num">{r.u.communes}</td>
              <td className="num">{r.u.meetingAll}</td>
              <td className="num">{r.u.levels.ntm}</td>
              <td className="num">{r.u.meetingNotRecognised}</td>
              <td className="num">{r.u.levels.advanced}</td>
              <td className="num">{r.u.levels.model}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.targets.length ? (
        <table className="ntm-table ntm-targets" data-testid="ntm-targets">
          <thead>
            <tr>
              <th>{t('ntm.col.year')}</th>
              <th>{t('ntm.col.level')}</th>
              <th>{t('ntm.col.target')}</th>
              <th>{t('ntm.col.reached', { year: d.year })}</th>
              <th>{t('ntm.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {d.targets.map((g) => (
              <tr key={`${g.year}-${g.level}`}>
                <td className="num">{g.year}</td>
                <td>{g.level === 'district_ntm' ? (g.note ? g.note[lang] : g.level) : t(LEVEL_KEYS[g.level])}</td>
                <td className="num">{g.maxCount != null && g.maxCount !== g.minCount ? `${g.minCount}–${g.maxCount}` : g.communes.length ? g.minCount : `≥ ${g.minCount}`}</td>
                <td className="num">{g.current ?? '—'}</td>
                <td>
                  {g.communes.length
                    ? g.communes.map((c, i) => (
                        <span key={c.code} className={c.reached ? 'reached' : ''}>
                          {i ? '; ' : ''}
                          {c.name} ({c.districtName}){c.reached ? ' ✓' : ''}
                        </span>
                      ))
                    : g.level === 'district_ntm'
                      ? ''
                      : (g.note?.[lang] ?? '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function ChangesTable({ d }: { d: NtmTablesResponse }) {
  const { t } = useI18n();
  const ch = d.changes;
  if (!ch) return <p className="muted">{t('ntm.changes.pick')}</p>;
  const block = (title: string, list: NonNullable<NtmTablesResponse['changes']>['gained'], id: string) => (
    <>
      <h3>{title}</h3>
      {list.length === 0 ? (
        <p className="muted">{t('ntm.changes.none')}</p>
      ) : (
        <table className="ntm-table" data-testid={`ntm-changes-${id}`}>
          <thead>
            <tr>
              <th>{t('ntm.col.district')}</th>
              <th>{t('ntm.col.commune')}</th>
              <th>{t('ntm.col.criteriaIn', { year: ch.from })}</th>
              <th>{t('ntm.col.criteriaIn', { year: ch.to })}</th>
              <th>{t('ntm.col.change')}</th>
              <th>{t('ntm.col.gained')}</th>
              <th>{t('ntm.col.lost')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.code}>
                <td>{c.districtName}</td>
                <td>{c.name}</td>
                <td className="num">{c.from}</td>
                <td className="num">{c.to}</td>
                <td className={`num ${c.to - c.from < 0 ? 'neg' : 'pos'}`}>{c.to - c.from > 0 ? `+${c.to - c.from}` : c.to - c.from}</td>
                <td>{c.gained.join(', ')}</td>
                <td>{c.lost.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
  return (
    <>
      {block(t('ntm.changes.gained', { n: ch.gained.length }), ch.gained, 'gained')}
      {block(t('ntm.changes.lost', { n: ch.lost.length }), ch.lost, 'lost')}
    </>
  );
}

function VillagesTable({ v, province }: { v: VillageStatsWithDistricts | null; province: boolean }) {
  const { t, num } = useI18n();
  if (!v) return <p className="muted">{t('ntm.villages.none')}</p>;
  const rows = province ? v.byDistrict : v.byCommune;
  const totals = province
    ? [{ name: t('ntm.total.province'), g: v.total }]
    : [
        { name: t('ntm.villages.communes', { n: v.inCommunes.units }), g: v.inCommunes },
        { name: t('ntm.villages.wards', { n: v.inWards.units }), g: v.inWards },
        { name: v.unit.name, g: v.total },
      ];
  const cells = (g: VillageGroupStats) => (
    <>
      <td className="num">{g.villages}</td>
      <td className="num">{g.pilotVillages}</td>
      <td className="num">{g.criteriaMetTotal}</td>
      <td className="num">{num(g.averagePerPilot, 1)}</td>
      <td className="num">{g.increaseSinceBaseline == null ? '—' : `+${g.increaseSinceBaseline}`}</td>
      <td className="num">{g.atTen.length}</td>
      <td className="num">{g.recognised.length}</td>
      <td className="num">{g.targeted}</td>
    </>
  );
  const atTen = v.total.atTen;
  return (
    <>
      <p className="muted">{t('ntm.villages.caption', { year: v.year, base: v.baseline ?? '—' })}</p>
      <table className="ntm-table" data-testid="ntm-villages">
        <thead>
          <tr>
            <th>{province ? t('ntm.col.district') : t('ntm.col.commune')}</th>
            <th>{t('ntm.col.villages')}</th>
            <th>{t('ntm.col.pilots')}</th>
            <th>{t('ntm.col.pilotTotal')}</th>
            <th>{t('ntm.col.pilotAvg')}</th>
            <th>{t('ntm.col.increase', { year: v.baseline ?? '—' })}</th>
            <th>{t('ntm.col.atTen')}</th>
            <th>{t('ntm.col.villageRecognised')}</th>
            <th>{t('ntm.col.targeted')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.code}>
              <td>{g.name}</td>
              {cells(g)}
            </tr>
          ))}
          {totals.map((r) => (
            <tr key={r.name} className="total" data-testid="ntm-villages-total">
              <td>{r.name}</td>
              {cells(r.g)}
            </tr>
          ))}
        </tbody>
      </table>
      {atTen.length && atTen.length <= 30 ? (
        <p className="ntm-at-ten">
          <strong>{t('ntm.villages.atTenList')}:</strong> {atTen.map((x) => `${x.name} (${x.communeName})`).join('; ')}
        </p>
      ) : null}
    </>
  );
}

function CommunesTable({ d }: { d: NtmTablesResponse }) {
  const { t } = useI18n();
  const nos = d.criteria.map((k) => k.no);
  const byDistrict = useMemo(() => {
    const m = new Map<string, typeof d.communes>();
    for (const c of d.communes) m.set(c.districtName, [...(m.get(c.districtName) ?? []), c]);
    return [...m];
  }, [d]);
  return (
    <table className="ntm-table ntm-table--matrix">
      <thead>
        <tr>
          <th>{t('ntm.col.commune')}</th>
          {nos.map((n) => (
            <th key={n} className="narrow">
              {n}
            </th>
          ))}
          <th>{t('ntm.col.total')}</th>
          <th>{t('ntm.col.level')}</th>
          <th>{t('ntm.col.rankDistrict')}</th>
          <th>{t('ntm.col.rankProvince')}</th>
        </tr>
      </thead>
      <tbody>
        {byDistrict.map(([district, list]) => (
          <Fragment key={district}>
            <tr className="group">
              <td colSpan={nos.length + 5}>{district}</td>
            </tr>
            {list.map((c) => (
              <tr key={c.code}>
                <td>
                  <a href={`#sel=commune:${c.code}&year=${d.year}`}>{c.name}</a>
                </td>
                {nos.map((n) => (
                  <td key={n} className={`narrow ${c.met.includes(n) ? 'met' : 'not-met'}`}>
                    {c.met.includes(n) ? '●' : '○'}
                  </td>
                ))}
                <td className="num">{c.criteriaMet}</td>
                <td>{c.level === 'none' ? (c.criteriaMet === nos.length ? t('ntm.legend.meetsNotRecognised') : t('ntm.legend.none')) : t(`ntm.legend.${c.level}`)}</td>
                <td className="num">{c.rankInDistrict}</td>
                <td className="num">{c.rankInProvince}</td>
              </tr>
            ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
