/**
 * The dashboard beside the map (a sheet on a phone): for the year and the scope in view — the
 * province, the selected district, or the selected commune — NTM progress over the years against
 * the 2023 and 2025 targets, criteria per district or commune, the weakest criteria, pilot
 * villages, and planting accepted / replant / rejected against the target. Loaded lazily with its
 * chart library (Observable Plot) when the header's "Biểu đồ" opens it.
 *
 * Every number comes from the API's existing tables (dashboardApi.ts) unchanged; each chart
 * element carries it in data-value and in its accessible label. A bar standing for a district or
 * commune selects it on the map; the map's selection sets the scope.
 */
import { useEffect, useMemo } from 'react';
import { NTM_LEVEL_COLORS, SURVIVAL_COLORS } from '../../../server/domain/classes.ts';
import type { MetaResponse, PlantingRow, PlantingStatsResponse } from '../../../server/domain/api.ts';
import type { NtmTablesResponse } from '../../../server/domain/ntm.ts';
import { useDashI18n as useI18n } from './messages.ts';
import type { Selection } from '../lib/selection.ts';
import { useLayerRevision } from '../state/layerRevisions.ts';
import { useAsync } from '../state/useAsync.ts';
import { CHART_FONT as FONT, Chart, Plot, type DataMark, type Datum } from './Chart.tsx';
import { dashboardApi } from './dashboardApi.ts';
import { Funding } from './Funding.tsx';
import { scopeOf, type Scope } from './scope.ts';
import { Unit2025Ntm } from './Unit2025Ntm.tsx';
import { levelsOverYearsPlot, RECOGNISED_LEVELS as LEVELS, type LevelYearDatum, type RecognisedLevel as Level } from './levelsPlot.ts';
import type { Era } from '../layers/units2025/era.ts';
import './dashboard.css';

export interface DashboardProps {
  meta: MetaResponse;
  /** the commune year in view (header) */
  year: number;
  villageYear: number | null;
  /** the lô filter's planting year, if any */
  plantingYear: number | null;
  selection: Selection | null;
  onSelect(sel: Selection): void;
  /** absent on paper: the printed dashboard has no close button */
  onClose?(): void;
  /**
   * Paper instead of a panel (the print page's charts pages): no close button, no sticky head,
   * laid out in the sheet's width; onSettled tells the print page when every chart has its data.
   */
  print?: boolean;
  onSettled?(): void;
  /** which map of units (web/src/layers/units2025/era.ts): 'after' shows the province by unit of 1 July 2025 */
  era?: Era;
}

const PLANT_CLASSES = ['accepted', 'replant', 'rejected', 'not_inspected'] as const;
type PlantClass = (typeof PLANT_CLASSES)[number];
const plantValue = (r: PlantingRow, c: PlantClass) =>
  c === 'accepted' ? r.acceptedHa : c === 'replant' ? r.replantHa : c === 'rejected' ? r.rejectedHa : r.notInspectedHa;
const TARGET_COLOR = '#111111';

export default function Dashboard(p: DashboardProps) {
  const { t, pick } = useI18n();
  const communesRev = useLayerRevision('communes');
  const plotsRev = useLayerRevision('plots');
  const villagesRev = useLayerRevision('villages');
  const years = p.meta.commune.years;
  const plantingYears = p.meta.planting.years;
  const plantingYear = p.plantingYear ?? [...plantingYears].reverse().find((y) => y <= p.year) ?? plantingYears.at(-1) ?? null;

  // the province's tables of the year name every commune's district: the scope follows the selection
  // from 1 July 2025 (era 'after') the province's units are the new communes and wards: no districts
  const era = p.era ?? 'before';
  const province = useAsync(`p/${p.year}/${era}/${communesRev}`, (s) => dashboardApi.ntm(p.year, null, s, era));
  // from 1 July 2025 a selected new unit, or the one an old commune belongs to now, is the scope
  const units2025 = useAsync(era === 'after' ? 'u2025' : null, (s) => dashboardApi.units2025(s));
  const unitsReady = era !== 'after' || units2025.data != null;
  // one object per scope, so the charts redraw only when it changes (a redraw would drop the keyboard focus)
  const scopeJson = province.data && unitsReady ? JSON.stringify(scopeOf(p.selection, province.data, era === 'after' ? units2025.data! : null)) : null;
  const scope = useMemo<Scope | null>(() => (scopeJson ? (JSON.parse(scopeJson) as Scope) : null), [scopeJson]);
  const unit2025 = scope?.level === 'unit2025' ? scope.unit : null;
  const district = scope?.level === 'district' || scope?.level === 'commune' ? scope.district : null;
  const unitCode = scope?.level === 'commune' ? scope.commune : (unit2025 ?? district ?? null);

  const series = useAsync(scope && !unit2025 ? `s/${district}/${years.join(',')}/${communesRev}` : null, (s) =>
    Promise.all(years.map((y) => dashboardApi.ntm(y, district, s))),
  );
  const unitDetail = useAsync(unit2025 ? `u/${unit2025}/${communesRev}/${villagesRev}/${plotsRev}` : null, (s) => dashboardApi.unit2025(unit2025!, s));
  // the province's rows and a new unit follow the era (by new unit); a district or commune in view is of the report era
  const unitsEra: Era = scope?.level === 'province' || unit2025 ? era : 'before';
  const villagesUnit = unit2025 ?? district ?? '62';
  const villages = useAsync(scope && p.villageYear ? `v/${p.villageYear}/${villagesUnit}/${unitsEra}/${villagesRev}` : null, (s) =>
    dashboardApi.villages(p.villageYear!, villagesUnit, s, unitsEra),
  );
  // one new unit's planting of the year is one bar: its years below say more
  const plantingNow = useAsync(scope && plantingYear && !unit2025 ? `pn/${plantingYear}/${district}/${unitsEra}/${plotsRev}` : null, (s) =>
    dashboardApi.planting(plantingYear!, district ? 'commune' : 'district', district, s, unitsEra),
  );
  const plantingByYear = useAsync(scope ? `py/${unitCode}/${unitsEra}/${plantingYears.join(',')}/${plotsRev}` : null, (s) =>
    Promise.all(plantingYears.map((y) => dashboardApi.planting(y, scope?.level === 'commune' ? 'commune' : 'district', unitCode, s, unit2025 ? 'after' : 'before'))),
  );

  // report 004's funding is province-wide: shown in the province scope
  const funding = useAsync(scope?.level === 'province' ? 'fund/2016/2020' : null, (s) => dashboardApi.ntmFunding(2016, 2020, s));

  const onSelect = p.onSelect;
  const now = series.data?.find((d) => d.year === p.year) ?? null;
  const scopeName =
    scope?.level === 'unit2025'
      ? unitDetail.data ? t('dash.unit2025Name', { name: unitDetail.data.fullName }) : ''
      : scope?.level === 'commune'
        ? (province.data?.communes.find((c) => c.code === scope.commune)?.name ?? '')
        : (now?.scope.name ?? province.data?.scope.name ?? '');

  const ntmPart = unit2025 ? unitDetail : series;
  const loading = province.status === 'loading' || units2025.status === 'loading' || ntmPart.status === 'loading';
  const failed = province.status === 'error' || units2025.status === 'error' || ntmPart.status === 'error';
  // every request answered (or failed): what the print page waits for before the PDF is made
  const settled =
    province.status !== 'loading' &&
    province.status !== 'idle' &&
    [units2025, series, unitDetail, villages, plantingNow, plantingByYear, funding].every((r) => r.status !== 'loading') &&
    (province.status === 'error' || units2025.status === 'error' || (scope != null && ntmPart.status !== 'idle' && plantingByYear.status !== 'idle'));
  const onSettled = p.onSettled;
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled, onSettled]);

  return (
    <section
      className={p.print ? 'dashboard dashboard--print' : 'dashboard'}
      aria-labelledby="dash-title"
      data-testid={p.print ? 'print-dashboard' : 'dashboard'}
      data-scope={unitCode ?? '62'}
      data-year={p.year}
      data-settled={settled ? 'true' : undefined}
    >
      <header className="dash-head">
        <div>
          <h2 id="dash-title">{t('dash.title')}</h2>
          <p className="dash-scope" data-testid="dashboard-scope">
            {scopeName ? t('dash.scope', { name: scopeName, year: p.year }) : t('app.loading')}
          </p>
        </div>
        {p.onClose ? (
          <button type="button" className="dash-close" onClick={p.onClose} aria-label={t('dash.close')} title={t('dash.close')}>
            ×
          </button>
        ) : null}
      </header>
      {failed ? <p role="alert">{t('app.actionFailed')}</p> : null}
      {loading && !ntmPart.data ? <p className="muted">{t('app.loading')}</p> : null}
      {unitDetail.data && province.data && scope?.level === 'unit2025' ? (
        <Unit2025Ntm unit={unitDetail.data} name={scopeName} year={p.year} criteria={province.data.criteria} onSelect={onSelect} />
      ) : null}
      {series.data && now && scope ? (
        <>
          {scope.level === 'commune' ? (
            <CommuneHistory series={series.data} commune={scope.commune} name={scopeName} onSelect={onSelect} />
          ) : (
            <>
              <LevelsOverYears series={series.data} current={now} onSelect={onSelect} />
              <Targets2023 tables={now} onSelect={onSelect} />
            </>
          )}
          <AverageOverYears series={series.data} scope={scope} onSelect={onSelect} />
          {scope.level === 'province' && province.data?.units2025 ? (
            <Units2025Ntm tables={province.data} onSelect={onSelect} />
          ) : (
            <CriteriaByUnit tables={now} scope={scope} onSelect={onSelect} />
          )}
          <Weakest tables={now} scope={scope} pick={pick} onSelect={onSelect} />
        </>
      ) : null}
      {villages.data && scope ? <Villages data={villages.data} scope={scope} year={p.villageYear!} onSelect={onSelect} /> : null}
      {plantingNow.data && scope ? <PlantingByUnit data={plantingNow.data} scope={scope} onSelect={onSelect} /> : null}
      {funding.data && scope?.level === 'province' ? <Funding data={funding.data} onSelect={onSelect} /> : null}
      {plantingByYear.data && scope ? <PlantingOverYears data={plantingByYear.data} scope={scope} name={scopeName} onSelect={onSelect} /> : null}
      <p className="dash-source muted">{now ? t('dash.source', { source: pick(now.source) }) : null}</p>
    </section>
  );
}

type SelectFn = (sel: Selection) => void;
type DashT = ReturnType<typeof useI18n>['t'];

/** Communes at NTM / nâng cao / kiểu mẫu per year, and the 2025 targets as ticks. */
function LevelsOverYears({ series, current, onSelect }: { series: NtmTablesResponse[]; current: NtmTablesResponse; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const levelName = (l: Level) => t(`level.${l}`);
  const { marks, make, legend } = useMemo(() => {
    const bars: LevelYearDatum[] = series.flatMap((d) =>
      LEVELS.map((l) => ({
        key: `${d.year}|${l}`, value: d.total.levels[l], year: String(d.year), level: levelName(l),
        text: t('dash.levelBar', { year: d.year, level: levelName(l), n: num(d.total.levels[l]) }),
      })),
    );
    const targets = current.targets.filter((x) => x.year > current.year || x.year === 2025).filter((x): x is typeof x & { level: Level } => (LEVELS as readonly string[]).includes(x.level));
    const ticks: LevelYearDatum[] = targets.map((x) => ({
      key: `target|${x.year}|${x.level}`, value: x.minCount, year: String(x.year), level: levelName(x.level),
      text: t('dash.levelTarget', { year: x.year, level: levelName(x.level), n: num(x.minCount) }),
    }));
    const marks: DataMark[] = [{ className: 'dash-m-levels', data: bars }, { className: 'dash-m-level-targets', data: ticks }];
    const make = (width: number) =>
      levelsOverYearsPlot({
        width, height: 220, levelNames: LEVELS.map(levelName), y: { label: t('dash.communes') },
        bars: { className: 'dash-m-levels', data: bars },
        targets: { className: 'dash-m-level-targets', data: ticks, color: TARGET_COLOR },
      });
    const legend = [...LEVELS.map((l) => ({ label: levelName(l), color: NTM_LEVEL_COLORS[l] })), { label: t('dash.target2025'), color: TARGET_COLOR, kind: 'tick' as const }];
    return { marks, make, legend };
  }, [series, current, t, num]);
  return <Chart id="ntm-levels" title={t('dash.levelsTitle')} note={t('dash.levelsNote')} make={make} marks={marks} onSelect={onSelect} legend={legend} />;
}

/** The communes named for 2023 (report 003): planned and reached, per level. */
function Targets2023({ tables, onSelect }: { tables: NtmTablesResponse; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const rows = useMemo(() => tables.targets.filter((x) => x.year === 2023 && (LEVELS as readonly string[]).includes(x.level) && x.communes.length > 0), [tables]);
  const { marks, make } = useMemo(() => {
    const data: (Datum & { level: string; what: string })[] = rows.flatMap((x) => {
      const level = t(`level.${x.level as Level}`);
      const reached = x.communes.filter((c) => c.reached).length;
      return [
        { key: `2023|${x.level}|planned`, value: x.communes.length, level, what: t('dash.planned'), text: t('dash.plannedBar', { level, n: num(x.communes.length) }) },
        { key: `2023|${x.level}|reached`, value: reached, level, what: t('dash.reached'), text: t('dash.reachedBar', { level, n: num(reached), of: num(x.communes.length) }) },
      ];
    });
    const make = (width: number) =>
      Plot.plot({
        width, height: 40 + rows.length * 44, marginLeft: 110, style: FONT,
        y: { label: null, domain: rows.map((x) => t(`level.${x.level as Level}`)) },
        x: { grid: true, label: t('dash.communes'), tickFormat: 'd' },
        color: { domain: [t('dash.planned'), t('dash.reached')], range: ['#c7c3b4', '#31a354'] },
        marks: [
          // planned, then reached drawn over it (data order): not stacked
          Plot.barX(data, { y: 'level', x1: 0, x2: 'value', fill: 'what', ariaLabel: 'text', title: 'text', className: 'dash-m-t2023' }),
          Plot.ruleX([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-t2023', data }] as DataMark[], make };
  }, [rows, t, num]);
  if (!rows.length) return null;
  return (
    <Chart
      id="ntm-targets-2023" title={t('dash.t2023Title')} note={t('dash.t2023Note')} make={make} marks={marks} onSelect={onSelect}
      legend={[{ label: t('dash.planned'), color: '#c7c3b4' }, { label: t('dash.reached'), color: '#31a354' }]}
    />
  );
}

/** A commune's criteria met over the years, out of its set. */
function CommuneHistory({ series, commune, name, onSelect }: { series: NtmTablesResponse[]; commune: string; name: string; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const data: (Datum & { year: string })[] = series.flatMap((d) => {
      const c = d.communes.find((x) => x.code === commune);
      return c ? [{ key: String(d.year), value: c.criteriaMet, year: String(d.year), text: t('dash.communeYear', { name, year: d.year, n: num(c.criteriaMet), of: d.criteria.length }) }] : [];
    });
    const make = (width: number) =>
      Plot.plot({
        width, height: 200, marginLeft: 36, style: FONT,
        x: { label: null, type: 'band' },
        y: { grid: true, domain: [0, 19], label: t('dash.criteriaMet'), labelAnchor: 'top' },
        marks: [Plot.barY(data, { x: 'year', y: 'value', fill: NTM_LEVEL_COLORS.ntm, ariaLabel: 'text', title: 'text', className: 'dash-m-commune' }), Plot.ruleY([0])],
      });
    return { marks: [{ className: 'dash-m-commune', data }] as DataMark[], make };
  }, [series, commune, name, t, num]);
  return <Chart id="commune-history" title={t('dash.communeTitle', { name })} make={make} marks={marks} onSelect={onSelect} />;
}

/** Average criteria per commune over the years (the scope's Biểu 02 figure). */
function AverageOverYears({ series, scope, onSelect }: { series: NtmTablesResponse[]; scope: Scope; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const data: (Datum & { year: number })[] = series.map((d) => ({
      key: String(d.year), value: d.total.averageCriteria, year: d.year,
      text: t('dash.avgPoint', { year: d.year, n: num(d.total.averageCriteria, 1) }),
    }));
    const make = (width: number) =>
      Plot.plot({
        width, height: 180, marginLeft: 36, style: FONT,
        x: { label: null, tickFormat: 'd', ticks: data.map((d) => d.year) },
        y: { grid: true, domain: [0, 19], label: t('dash.avgCriteria'), labelAnchor: 'top' },
        marks: [
          Plot.lineY(data, { x: 'year', y: 'value', stroke: '#31a354', strokeWidth: 2 }),
          Plot.dot(data, { x: 'year', y: 'value', fill: '#31a354', r: 4, ariaLabel: 'text', title: 'text', className: 'dash-m-avg' }),
          Plot.text(data, { x: 'year', y: 'value', text: (d: { value: number }) => num(d.value, 1), dy: -10, ariaHidden: 'true' }),
        ],
      });
    return { marks: [{ className: 'dash-m-avg', data }] as DataMark[], make };
  }, [series, t, num]);
  const name = scope.level === 'province' ? t('dash.province') : series[0]?.scope.name ?? '';
  return <Chart id="ntm-average" title={t('dash.avgTitle', { name })} make={make} marks={marks} onSelect={onSelect} />;
}

/** Average criteria per district (province) or criteria met per commune (district, commune). */
function CriteriaByUnit({ tables, scope, onSelect }: { tables: NtmTablesResponse; scope: Scope; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const data: (Datum & { name: string })[] =
      scope.level === 'province'
        ? tables.units.map((u) => ({
            key: u.code, value: u.averageCriteria, name: u.name, select: { kind: 'district', id: u.code },
            text: t('dash.unitAvg', { name: u.name, n: num(u.averageCriteria, 1), ntm: num(u.levels.ntm), of: num(u.communes) }),
          }))
        : tables.communes.map((c) => ({
            key: c.code, value: c.criteriaMet, name: c.name, select: { kind: 'commune', id: c.code }, selected: scope.level === 'commune' && scope.commune === c.code,
            text: t('dash.communeMet', { name: c.name, n: num(c.criteriaMet), of: tables.criteria.length }),
          }));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + data.length * 22, marginLeft: 120, marginRight: 36, style: FONT,
        y: { label: null, domain: data.map((d) => d.name) },
        x: { grid: true, domain: [0, tables.criteria.length], label: scope.level === 'province' ? t('dash.avgCriteria') : t('dash.criteriaMet') },
        marks: [
          Plot.barX(data, { y: 'name', x: 'value', fill: (d: Datum) => (d.selected ? '#0b5fff' : '#31a354'), ariaLabel: 'text', title: 'text', className: 'dash-m-units' }),
          Plot.text(data, { y: 'name', x: 'value', text: (d: Datum) => num(d.value, 1), dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
          Plot.ruleX([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-units', data }] as DataMark[], make };
  }, [tables, scope, t, num]);
  return (
    <Chart
      id="ntm-units" title={scope.level === 'province' ? t('dash.byDistrictTitle', { year: tables.year }) : t('dash.byCommuneTitle', { name: tables.scope.name, year: tables.year })}
      hint={t('dash.clickHint')} make={make} marks={marks} onSelect={onSelect}
    />
  );
}

/**
 * From 1 July 2025 (era 'after'), in place of the districts' averages: each new commune or ward,
 * its old xã recognised NTM out of its old xã in the programme (counts, never an average of a
 * merged unit), from the NTM tables' new-unit rows. A bar selects the new unit on the map.
 */
function Units2025Ntm({ tables, onSelect }: { tables: NtmTablesResponse; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const rows = (tables.units2025 ?? []).filter((u) => u.oldXa > 0);
    const data: (Datum & { name: string; of: number })[] = rows.map((u) => ({
      key: u.code, value: u.levels.ntm, of: u.oldXa, name: u.name, select: { kind: 'unit2025', id: u.code },
      text: t('dash.unit2025Bar', { name: u.name, n: num(u.levels.ntm), of: num(u.oldXa), all: num(u.meetsAll) }),
    }));
    const of = Math.max(1, ...data.map((d) => d.of));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + data.length * 20, marginLeft: 130, marginRight: 36, style: FONT,
        y: { label: null, domain: data.map((d) => d.name) },
        x: { grid: true, domain: [0, of], label: t('dash.xaCu'), tickFormat: 'd' },
        marks: [
          Plot.barX(data, { y: 'name', x: 'of', fill: '#ece9df' }),
          Plot.barX(data, { y: 'name', x: 'value', fill: '#31a354', ariaLabel: 'text', title: 'text', className: 'dash-m-units2025' }),
          Plot.text(data, { y: 'name', x: 'of', text: (d: { value: number; of: number }) => `${num(d.value)}/${num(d.of)}`, dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
          Plot.ruleX([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-units2025', data }] as DataMark[], make };
  }, [tables, t, num]);
  return <Chart id="ntm-units2025" title={t('dash.byUnit2025Title', { year: tables.year })} note={t('dash.byUnit2025Note')} make={make} marks={marks} onSelect={onSelect} />;
}

/** The weakest criteria of the scope: communes meeting each, out of all (Biểu 04). */
function Weakest({ tables, scope, pick, onSelect }: { tables: NtmTablesResponse; scope: Scope; pick: (x: { vi: string; en: string }) => string; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const data: (Datum & { name: string; of: number })[] = tables.weakest.slice(0, 6).map((w) => ({
      key: String(w.no), value: w.met, of: w.of, name: `${w.no}. ${pick(w.name)}`,
      text: t('dash.weakBar', { no: w.no, name: pick(w.name), n: num(w.met), of: num(w.of) }),
    }));
    const of = Math.max(1, ...data.map((d) => d.of));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + data.length * 26, marginLeft: 150, marginRight: 44, style: FONT,
        y: { label: null, domain: data.map((d) => d.name), tickFormat: (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s) },
        x: { grid: true, domain: [0, of], label: t('dash.communes') },
        marks: [
          Plot.barX(data, { y: 'name', x: 'of', fill: '#ece9df' }),
          Plot.barX(data, { y: 'name', x: 'value', fill: '#d95f0e', ariaLabel: 'text', title: 'text', className: 'dash-m-weak' }),
          Plot.text(data, { y: 'name', x: 'of', text: (d: { value: number; of: number }) => `${num(d.value)}/${num(d.of)}`, dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
        ],
      });
    return { marks: [{ className: 'dash-m-weak', data }] as DataMark[], make };
  }, [tables, pick, t, num]);
  void scope;
  return <Chart id="ntm-weakest" title={t('dash.weakTitle', { year: tables.year })} make={make} marks={marks} onSelect={onSelect} />;
}

/** Pilot villages per district (province) or commune, with the average criteria per pilot (report 000). */
function Villages({ data, scope, year, onSelect }: { data: import('../../../server/domain/ntm.ts').VillageStatsWithDistricts; scope: Scope; year: number; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const { marks, make } = useMemo(() => {
    const byUnit2025 = scope.level === 'province' && data.byUnit2025 != null;
    const rows = (byUnit2025 ? data.byUnit2025! : scope.level === 'province' ? data.byDistrict : data.byCommune).filter((r) => r.villages > 0);
    const kind = byUnit2025 ? 'unit2025' : scope.level === 'province' ? 'district' : 'commune';
    const d: (Datum & { name: string })[] = rows.map((r) => ({
      key: r.code, value: r.pilotVillages, name: r.name, select: { kind, id: r.code }, selected: scope.level === 'commune' && scope.commune === r.code,
      text: t('dash.villageBar', { name: r.name, n: num(r.pilotVillages), avg: num(r.averagePerPilot, 1), all: num(r.villages) }),
    }));
    const make = (width: number) =>
      Plot.plot({
        width, height: 30 + d.length * 22, marginLeft: 120, marginRight: 60, style: FONT,
        y: { label: null, domain: d.map((x) => x.name) },
        x: { grid: true, label: t('dash.pilots'), tickFormat: 'd' },
        marks: [
          Plot.barX(d, { y: 'name', x: 'value', fill: (x: Datum) => (x.selected ? '#0b5fff' : '#8c2d8c'), ariaLabel: 'text', title: 'text', className: 'dash-m-villages' }),
          Plot.text(d, { y: 'name', x: 'value', text: (x: Datum) => `${num(x.value)} · ${num(rows.find((r) => r.code === x.key)!.averagePerPilot, 1)}`, dx: 4, textAnchor: 'start', ariaHidden: 'true' }),
          Plot.ruleX([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-villages', data: d }] as DataMark[], make };
  }, [data, scope, t, num]);
  return (
    <Chart
      id="villages" title={scope.level === 'province' && data.byUnit2025 ? t('dash.villagesByUnit2025', { year }) : t('dash.villagesTitle', { year })}
      note={t('dash.villagesNote', { n: num(data.total.pilotVillages), avg: num(data.total.averagePerPilot, 1) })}
      make={make} marks={marks} onSelect={onSelect}
    />
  );
}

function usePlantLegend() {
  const { t } = useI18n();
  return useMemo(
    () => [
      ...PLANT_CLASSES.map((c) => ({ label: t(`dash.cls.${c}`), color: SURVIVAL_COLORS[c] })),
      { label: t('dash.targetHa'), color: TARGET_COLOR, kind: 'tick' as const },
    ],
    [t],
  );
}

function plantBars(rows: PlantingRow[], group: (r: PlantingRow) => string, keyOf: (r: PlantingRow) => string, t: DashT, num: ReturnType<typeof useI18n>['num'], select?: (r: PlantingRow) => Selection | null, selectedKey?: string) {
  const bars: (Datum & { group: string; cls: string })[] = rows.flatMap((r) =>
    PLANT_CLASSES.map((c) => ({
      key: `${keyOf(r)}|${c}`, value: plantValue(r, c), group: group(r), cls: t(`dash.cls.${c}`), select: select?.(r) ?? null, selected: keyOf(r) === selectedKey,
      text: t('dash.plantBar', { name: group(r), cls: t(`dash.cls.${c}`), n: num(plantValue(r, c), 2) }),
    })),
  );
  const targets: (Datum & { group: string })[] = rows
    .filter((r) => r.targetHa != null)
    .map((r) => ({ key: `${keyOf(r)}|target`, value: r.targetHa!, group: group(r), text: t('dash.plantTarget', { name: group(r), n: num(r.targetHa!, 2) }), select: select?.(r) ?? null }));
  return { bars, targets };
}

/** Planting of the year by district or commune: accepted / replant / rejected / not inspected, against the target. */
function PlantingByUnit({ data, scope, onSelect }: { data: PlantingStatsResponse; scope: Scope; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const legend = usePlantLegend();
  const { marks, make, empty } = useMemo(() => {
    const kind = data.by;
    const rows = data.rows;
    const { bars, targets } = plantBars(rows, (r) => r.name, (r) => r.code, t, num, (r) => ({ kind, id: r.code }), scope.level === 'commune' ? scope.commune : undefined);
    const clsDomain = PLANT_CLASSES.map((c) => t(`dash.cls.${c}`));
    const make = (width: number) =>
      Plot.plot({
        width, height: 40 + rows.length * 24, marginLeft: 120, marginRight: 20, style: FONT,
        y: { label: null, domain: rows.map((r) => r.name) },
        x: { grid: true, label: t('dash.ha') },
        color: { domain: clsDomain, range: PLANT_CLASSES.map((c) => SURVIVAL_COLORS[c]) },
        marks: [
          Plot.barX(bars, Plot.stackX({ y: 'group', x: 'value', fill: 'cls', order: clsDomain, ariaLabel: 'text', title: 'text', className: 'dash-m-plant' })),
          Plot.tickX(targets, { y: 'group', x: 'value', stroke: TARGET_COLOR, strokeWidth: 3, ariaLabel: 'text', title: 'text', className: 'dash-m-plant-target' }),
          Plot.ruleX([0]),
        ],
      });
    return {
      marks: [{ className: 'dash-m-plant', data: bars }, { className: 'dash-m-plant-target', data: targets }] as DataMark[],
      make,
      empty: rows.length ? null : t('dash.noPlanting', { year: data.plantingYear }),
    };
  }, [data, scope, t, num]);
  const title =
    data.by === 'unit2025' ? t('dash.plantByUnit2025', { year: data.plantingYear })
    : scope.level === 'province' ? t('dash.plantByDistrict', { year: data.plantingYear }) : t('dash.plantByCommune', { year: data.plantingYear });
  return <Chart id="planting-units" title={title} note={t('dash.plantNote', { n: num(data.total.plantedHa, 2), a: num(data.total.acceptedHa, 2) })} make={make} marks={marks} onSelect={onSelect} legend={legend} empty={empty} />;
}

/** The scope's planting per planting year, against each year's target. */
function PlantingOverYears({ data, scope, name, onSelect }: { data: PlantingStatsResponse[]; scope: Scope; name: string; onSelect: SelectFn }) {
  const { t, num } = useI18n();
  const legend = usePlantLegend();
  const { marks, make } = useMemo(() => {
    const rows = data.map((d) => ({ ...d.total, name: String(d.plantingYear), code: String(d.plantingYear) }));
    const { bars, targets } = plantBars(rows, (r) => r.name, (r) => r.code, t, num);
    const clsDomain = PLANT_CLASSES.map((c) => t(`dash.cls.${c}`));
    const make = (width: number) =>
      Plot.plot({
        width, height: 220, marginLeft: 44, style: FONT,
        x: { label: null, domain: rows.map((r) => r.name) },
        y: { grid: true, label: t('dash.ha'), labelAnchor: 'top' },
        color: { domain: clsDomain, range: PLANT_CLASSES.map((c) => SURVIVAL_COLORS[c]) },
        marks: [
          Plot.barY(bars, Plot.stackY({ x: 'group', y: 'value', fill: 'cls', order: clsDomain, ariaLabel: 'text', title: 'text', className: 'dash-m-plant-years' })),
          Plot.tickY(targets, { x: 'group', y: 'value', stroke: TARGET_COLOR, strokeWidth: 3, ariaLabel: 'text', title: 'text', className: 'dash-m-plant-years-target' }),
          Plot.ruleY([0]),
        ],
      });
    return { marks: [{ className: 'dash-m-plant-years', data: bars }, { className: 'dash-m-plant-years-target', data: targets }] as DataMark[], make };
  }, [data, t, num]);
  void scope;
  return <Chart id="planting-years" title={t('dash.plantYearsTitle', { name })} make={make} marks={marks} onSelect={onSelect} legend={legend} />;
}
