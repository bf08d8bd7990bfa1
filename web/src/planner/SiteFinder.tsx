/**
 * The site finder: constraints → POST /api/sites/search → matching lô on the map (deck.gl) and as a
 * sortable list with area, distance and a transparent score whose weights the planner changes
 * (re-scored in the browser from the components the server returns), each addable to the plan.
 */
import { errorText } from '../api/http.ts';
import { useMemo, useState } from 'react';
import { DEFAULT_WEIGHTS, FOREST_FUNCTIONS, LDLR_CODES, OWNER_KINDS, type ScoreWeights, type SiteRow, type SiteSearchInput, type SiteSearchResponse } from '../../../server/domain/planner.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { plannerStore } from './overlay.ts';
import { rankRows, type SortKey } from './draft.ts';
import { plannerApi, type PlannerUnit } from './plannerApi.ts';
import { NamedOptions } from '../panels/UnitOptions.tsx';
import { CommunePicker } from './CommunePicker.tsx';
import { useSession } from '../auth/useSession.ts';
import { plannerScope, resultsBounds, SHOWN_ROWS } from './finderView.ts';

export interface SiteFinderProps {
  units: PlannerUnit[];
  year: number;
  onYear(y: number): void;
  result: SiteSearchResponse | null;
  onResult(r: SiteSearchResponse | null): void;
  inPlan: ReadonlySet<number>;
  onAdd(r: SiteRow): void;
  onFly(r: { center: [number, number]; bbox: [number, number, number, number] }): void;
}

const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
const numOrUndef = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

export function SiteFinder(p: SiteFinderProps) {
  const { t, num, pick } = useI18n();
  const session = useSession();
  // the unit lists keep to the planner's scope (a planner of Kon Tum city sees its communes only)
  const scope = useMemo(() => plannerScope(session.me, p.units), [session.me, p.units]);
  const [districtChoice, setDistrict] = useState<string | null>(null);
  const district = districtChoice ?? (scope.districts.some((d) => d.code === '608') ? '608' : (scope.districts[0]?.code ?? ''));
  const [chosenCommunes, setCommunes] = useState<string[]>([]);
  const [tieuKhu, setTieuKhu] = useState('');
  const [ldlr, setLdlr] = useState<string[]>(['DT1', 'DT2', 'DTR']);
  const [functions, setFunctions] = useState<string[]>(['production']);
  const [owners, setOwners] = useState<string[]>([]);
  const [areaMin, setAreaMin] = useState('');
  const [areaMax, setAreaMax] = useState('');
  const [notPlanted, setNotPlanted] = useState('3');
  const [rejected, setRejected] = useState<'include' | 'exclude' | 'only'>('include');
  const [villageKm, setVillageKm] = useState('');
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [pointKm, setPointKm] = useState('3');
  const [picking, setPicking] = useState(false);
  const [weights, setWeights] = useState<ScoreWeights>(DEFAULT_WEIGHTS);
  const [sort, setSort] = useState<SortKey>('score');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const districts = scope.districts;
  // the district's communes, or every commune of the scope when the whole province is searched
  const communes = useMemo(() => (district ? scope.communes.filter((u) => u.parentCode === district) : scope.communes), [scope, district]);

  const pickPoint = () => {
    setPicking(true);
    plannerStore.setClickHandler((at) => {
      setPoint(at);
      setPicking(false);
      plannerStore.setClickHandler(null);
    });
  };

  const run = async () => {
    const tks = tieuKhu
      .split(/[\s,;]+/)
      .map((s) => Number(s))
      .filter((n) => Number.isInteger(n) && n > 0);
    const body: SiteSearchInput = {
      year: p.year,
      ...(district ? { district } : {}),
      ...(chosenCommunes.length ? { communes: chosenCommunes } : scope.limited && !district ? { communes: scope.communes.map((c) => c.code) } : {}),
      ...(tks.length ? { tieuKhu: tks } : {}),
      ...(ldlr.length ? { ldlr: ldlr as SiteSearchInput['ldlr'] } : {}),
      ...(functions.length ? { functions: functions as SiteSearchInput['functions'] } : {}),
      ...(owners.length ? { ownerKinds: owners as SiteSearchInput['ownerKinds'] } : {}),
      areaMin: numOrUndef(areaMin),
      areaMax: numOrUndef(areaMax),
      notPlantedYears: numOrUndef(notPlanted),
      rejected,
      villageKm: numOrUndef(villageKm),
      ...(point && numOrUndef(pointKm) ? { point: { lon: point[0], lat: point[1], km: numOrUndef(pointKm)! } } : {}),
      weights,
      limit: 500,
    };
    setBusy(true);
    setError(null);
    try {
      const r = await plannerApi.search(body);
      p.onResult(r);
      plannerStore.set({ sites: r.rows.filter((x) => x.geometry).map((x) => ({ id: x.plotId, geometry: x.geometry! })) });
      // the map follows the finder: the results in view
      const b = resultsBounds(r.rows);
      if (b) p.onFly({ center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], bbox: b });
    } catch (e) {
      setError(errorText(e, pick, t('app.actionFailed')));
    } finally {
      setBusy(false);
    }
  };

  const rows = useMemo(() => (p.result ? rankRows(p.result.rows, weights, sort) : []), [p.result, weights, sort]);
  const weightKeys: (keyof ScoreWeights)[] = ['area', 'access', 'point', 'bare'];

  return (
    <div className="planner-finder" data-testid="site-finder">
      <div className="filter-grid">
        <label className="field">
          <span>{t('planner.year')}</span>
          <input type="number" min={2000} max={2100} value={p.year} onChange={(e) => p.onYear(Number(e.target.value) || p.year)} data-testid="planner-year" />
        </label>
        <label className="field">
          <span>{t('planner.district')}</span>
          <select value={district} onChange={(e) => (setDistrict(e.target.value), setCommunes([]))} data-testid="planner-district">
            {scope.limited ? null : <option value="">{t('planner.wholeProvince')}</option>}
            <NamedOptions items={districts} />
          </select>
        </label>
        <div className="field planner-wide">
          <CommunePicker communes={communes} units={p.units} value={chosenCommunes} onChange={setCommunes} />
        </div>
        <label className="field">
          <span>{t('planner.tieuKhu')}</span>
          <input value={tieuKhu} onChange={(e) => setTieuKhu(e.target.value)} placeholder="568, 565" inputMode="numeric" data-testid="planner-tk" />
        </label>
      </div>

      <fieldset className="planner-checks">
        <legend>{t('planner.landTypes')}</legend>
        {LDLR_CODES.map((code) => (
          <label key={code} title={t(`planner.ldlr.${code}` as MessageKey)}>
            <input type="checkbox" checked={ldlr.includes(code)} onChange={(e) => setLdlr((l) => toggle(l, code, e.target.checked))} /> {code}{' '}
            <span className="muted small">{t(`planner.ldlr.${code}` as MessageKey)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="planner-checks">
        <legend>{t('planner.functions')}</legend>
        {FOREST_FUNCTIONS.map((f) => (
          <label key={f}>
            <input type="checkbox" checked={functions.includes(f)} onChange={(e) => setFunctions((l) => toggle(l, f, e.target.checked))} /> {t(`planner.fn.${f}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <fieldset className="planner-checks">
        <legend>{t('planner.owners')}</legend>
        {OWNER_KINDS.map((o) => (
          <label key={o}>
            <input type="checkbox" checked={owners.includes(o)} onChange={(e) => setOwners((l) => toggle(l, o, e.target.checked))} /> {t(`planner.owner.${o}` as MessageKey)}
          </label>
        ))}
      </fieldset>

      <div className="filter-grid">
        <label className="field">
          <span>{t('planner.areaMin')}</span>
          <input type="number" min={0} step={0.1} value={areaMin} onChange={(e) => setAreaMin(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('planner.areaMax')}</span>
          <input type="number" min={0} step={0.1} value={areaMax} onChange={(e) => setAreaMax(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('planner.notPlanted')}</span>
          <input type="number" min={0} max={50} value={notPlanted} onChange={(e) => setNotPlanted(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('planner.rejected')}</span>
          <select value={rejected} onChange={(e) => setRejected(e.target.value as typeof rejected)}>
            <option value="include">{t('planner.rejected.include')}</option>
            <option value="exclude">{t('planner.rejected.exclude')}</option>
            <option value="only">{t('planner.rejected.only')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('planner.villageKm')}</span>
          <input type="number" min={0} step={0.5} value={villageKm} onChange={(e) => setVillageKm(e.target.value)} />
        </label>
        <div className="field">
          <span>{t('planner.point')}</span>
          <div className="planner-inline">
            <button type="button" onClick={pickPoint} aria-pressed={picking}>
              {picking ? t('planner.clickMap') : point ? `${point[1].toFixed(4)}, ${point[0].toFixed(4)}` : t('planner.pickPoint')}
            </button>
            {point ? (
              <>
                <input type="number" min={0.1} step={0.5} value={pointKm} onChange={(e) => setPointKm(e.target.value)} aria-label={t('planner.pointKm')} className="planner-km" />
                <button type="button" onClick={() => setPoint(null)} aria-label={t('planner.clear')}>
                  ×
                </button>
              </>
            ) : null}
          </div>
        </div>
      </div>

      <details className="planner-weights">
        <summary>{t('planner.weights')}</summary>
        <p className="muted">{t('planner.scoreExplain')}</p>
        {weightKeys.map((k) => (
          <label key={k} className="planner-weight">
            <span>{t(`planner.w.${k}` as MessageKey)}</span>
            <input type="range" min={0} max={5} step={0.5} value={weights[k]} onChange={(e) => setWeights((w) => ({ ...w, [k]: Number(e.target.value) }))} />
            <output>{weights[k]}</output>
          </label>
        ))}
      </details>

      <button type="button" className="primary planner-search" onClick={run} disabled={busy} data-testid="planner-search">
        {busy ? t('planner.searching') : t('planner.search')}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}

      {p.result ? (
        <div className="planner-results" data-testid="planner-results">
          <p className="planner-summary" data-testid="planner-summary">
            {t('planner.found', { n: num(p.result.count), ha: num(p.result.totalAreaHa, 2) })}
            {p.result.target?.targetHa != null
              ? ` · ${t('planner.targetOf', { unit: p.result.target.unitName, year: p.result.year, ha: num(p.result.target.targetHa, 2), planned: num(p.result.target.plannedHa, 2) })}`
              : ''}
            {p.result.truncated ? ` · ${t('planner.truncated', { n: p.result.rows.length })}` : ''}
          </p>
          {p.result.count > Math.min(rows.length, SHOWN_ROWS) ? (
            <p className="muted small" data-testid="planner-shown">
              {t('field.shownOf', { shown: num(Math.min(rows.length, SHOWN_ROWS)), n: num(p.result.count) })}
            </p>
          ) : null}
          <ul className="planner-legend" data-testid="planner-legend">
            <li><span className="planner-swatch planner-swatch--sites" aria-hidden="true" />{t('field.legendSites')}</li>
            <li><span className="planner-swatch planner-swatch--plan" aria-hidden="true" />{t('field.legendPlan')}</li>
            <li><span className="planner-swatch planner-swatch--focus" aria-hidden="true" />{t('field.legendFocus')}</li>
          </ul>
          <label className="field planner-sort">
            <span>{t('planner.sort')}</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              <option value="score">{t('planner.sort.score')}</option>
              <option value="area">{t('planner.sort.area')}</option>
              <option value="distance">{t('planner.sort.distance')}</option>
              <option value="label">{t('planner.sort.label')}</option>
            </select>
          </label>
          <ol className="planner-list">
            {rows.slice(0, SHOWN_ROWS).map((r) => {
              const added = p.inPlan.has(r.plotId);
              // a lô in another plan of the year: the server refuses it, so it is not offered
              const elsewhere = r.planned && !added;
              const d = r.pointDistanceM ?? r.nearestVillage?.distanceM ?? null;
              return (
                <li key={r.plotId} data-testid="site-row" data-plot={r.plotId}>
                  <button
                    type="button"
                    className="planner-row"
                    onClick={() => {
                      plannerStore.set({ focus: r.plotId });
                      p.onFly(r);
                    }}
                    title={t('planner.components', {
                      area: num(r.components.area, 2),
                      access: num(r.components.access, 2),
                      point: r.components.point == null ? '–' : num(r.components.point, 2),
                      bare: num(r.components.bare, 0),
                    })}
                  >
                    <strong>{r.label}</strong>
                    <span className="muted">
                      {r.communeName} · <abbr title={t(`planner.ldlr.${r.ldlr}` as MessageKey)}>{r.ldlr}</abbr> {t(`planner.ldlr.${r.ldlr}` as MessageKey)} · {num(r.areaHa, 2)} ha{d != null ? ` · ${num(d / 1000, 1)} km` : ''}
                      {r.rejectedNotReplanted ? ` · ${t('planner.rejectedBadge')}` : ''}
                      {r.planned ? ` · ${t('planner.plannedBadge')}` : ''}
                    </span>
                  </button>
                  <span className="planner-score" aria-label={t('planner.score')}>
                    {num(r.score, 1)}
                  </span>
                  <button
                    type="button"
                    className="planner-add"
                    disabled={added || elsewhere}
                    onClick={() => p.onAdd(r)}
                    data-testid="site-add"
                    aria-label={elsewhere ? t('field.inOtherPlan', { label: r.label }) : t('planner.addToPlan', { label: r.label })}
                    title={elsewhere ? t('field.inOtherPlan', { label: r.label }) : undefined}
                  >
                    {added ? '✓' : elsewhere ? '—' : '+'}
                  </button>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
