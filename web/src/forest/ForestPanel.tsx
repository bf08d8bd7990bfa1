/**
 * The forest section of the side panel: lô filters (planting year, district/commune, funding,
 * result classes) and the replanting worklist (trồng dặm) under those filters — a list whose
 * items fly to the lô, "show on the map" (only lô to replant), and CSV/XLSX exports of the
 * worklist and of the acceptance table.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { WorklistRow, ForestUnit } from '../../../server/domain/forest.ts';
import { SURVIVAL_CLASSES, SURVIVAL_COLORS, type SurvivalClass } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAsync } from '../state/useAsync.ts';
import { forestApi } from './forestApi.ts';
import { useLayerRevision } from '../state/layerRevisions.ts';
import { isFiltered, NO_PLOT_FILTER, worklistCamera, type Funding, type PlotFilter } from './plotFilter.ts';
import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import type { Camera } from '../lib/camera.ts';
import { UnitOptions } from '../panels/UnitOptions.tsx';
import { GisLinks } from '../export/GisLinks.tsx';
import { WORKLIST_EXT } from '../export/gisFiles.ts';
import type { TileSourceTemplate } from '../map/MapView.tsx';

const OfflinePanel = lazy(() => import('../offline/OfflinePanel.tsx'));

export interface ForestPanelProps {
  filter: PlotFilter;
  onFilter(f: PlotFilter): void;
  plantingYears: readonly number[];
  units: ForestUnit[];
  onPickPlot(row: WorklistRow): void;
  /** "show on the map": move to the worklist's lô (at a zoom where they are drawn) */
  onShowWorklist?(camera: Camera): void;
  /** preparing areas for use with no signal: the map's tile sources, and showing an area */
  offline?: { tileSources(): TileSourceTemplate[]; onShowArea(bbox: [number, number, number, number]): void };
}

/**
 * The unit a signed-in inspector's worklist starts with: their scope (a district or a commune),
 * null for the province or for anyone else.
 */
export function inspectorUnit(me: { roles: readonly string[]; scopes: readonly { code: string }[] } | null): string | null {
  if (!me || !me.roles.includes('inspector')) return null;
  const codes = me.scopes.map((s) => s.code).filter((c) => c !== '62');
  return codes.length === 1 ? codes[0]! : null;
}

/** The district and commune choices of the unit filter (from /api/forest/units). */
export function useForestUnits() {
  return useAsync<ForestUnit[]>('forest-units', (signal) => forestApi.units(signal));
}

/** Commune codes a unit filter stands for (a district: its communes), null for no filter. */
export function communesOf(unit: string | null, units: ForestUnit[]): string[] | null {
  if (!unit || units.length === 0) return null; // choices not loaded yet: draw everything rather than nothing
  const u = units.find((x) => x.code === unit);
  if (u?.level === 'district') return units.filter((x) => x.parentCode === unit).map((x) => x.code);
  return [unit];
}

export function ForestPanel({ filter, onFilter, plantingYears, units, onPickPlot, onShowWorklist, offline }: ForestPanelProps) {
  const { t, num, lang } = useI18n();
  const set = (p: Partial<PlotFilter>) => onFilter({ ...filter, ...p });
  const toggleClass = (c: SurvivalClass, on: boolean) => set({ classes: on ? [...filter.classes, c] : filter.classes.filter((x) => x !== c) });

  const [open, setOpen] = useState(false);
  const [offlineOpen, setOfflineOpen] = useState(false);
  const [includeRejected, setIncludeRejected] = useState(false);
  const revision = useLayerRevision('plots');
  const session = useSession();
  // an inspector's worklist starts in their scope, not the whole province
  const scopeUnit = filter.unit == null && hasRole(session.me, 'inspector') ? inspectorUnit(session.me) : null;
  const unit = filter.unit ?? scopeUnit;
  const scopeName = scopeUnit ? (units.find((u) => u.code === scopeUnit)?.name ?? session.me?.scopes.find((s) => s.code === scopeUnit)?.name ?? scopeUnit) : null;
  const params = { plantingYear: filter.plantingYear, unit, funding: filter.funding, includeRejected };
  const key = open ? `worklist:${JSON.stringify(params)}:${revision}` : null;
  const worklist = useAsync(key, (signal) => forestApi.worklist(params, signal), { keepPrevious: true });
  useEffect(() => {
    if (filter.classes.length === 1 && filter.classes[0] === 'replant') setOpen(true);
  }, [filter.classes]);
  useEffect(() => {
    if (scopeUnit) setOpen(true); // inspectors come for the worklist: open it
  }, [scopeUnit]);

  return (
    <section className="panel-section forest-panel" aria-labelledby="forest-title" data-testid="forest-panel">
      <h2 id="forest-title">{t('forest.filters')}</h2>
      <details className="worklist" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary data-testid="worklist-toggle">{t('forest.worklist')}</summary>
        {scopeName ? (
          <p className="muted small" data-testid="worklist-scope">
            {t('field.worklistScope', { unit: scopeName })}
          </p>
        ) : null}
        <label className="check-chip">
          <input type="checkbox" checked={includeRejected} onChange={(e) => setIncludeRejected(e.target.checked)} />
          {t('forest.includeRejected')}
        </label>
        {worklist.status === 'error' ? <p className="muted">{t('info.error')}</p> : null}
        {worklist.data ? (
          <>
            <p className="worklist-total" data-testid="worklist-total">
              {t('forest.worklistTotal', { n: worklist.data.totals.plots, ha: num(worklist.data.totals.areaHa, 2), trees: num(worklist.data.totals.treesToAdd) })}
            </p>
            <p className="muted small">{t('forest.treesFormula')}</p>
            <div className="inline-row">
              <button
                type="button"
                className="small-button"
                data-testid="worklist-show"
                onClick={() => {
                  set({ classes: includeRejected ? ['replant', 'rejected'] : ['replant'], unit });
                  const cam = worklistCamera(worklist.data?.rows ?? []);
                  if (cam) onShowWorklist?.(cam);
                }}
              >
                {t('forest.showOnMap')}
              </button>
              <a className="small-button" href={forestApi.worklistFileUrl(params, 'csv', lang)} download>
                CSV
              </a>
              <a className="small-button" href={forestApi.worklistFileUrl(params, 'xlsx', lang)} download data-testid="worklist-xlsx">
                XLSX
              </a>
            </div>
            <div className="inline-row" data-testid="worklist-gis">
              <span className="muted small">{t('gis.worklistFiles')}:</span>
              <GisLinks className="small-button" testId="worklist" url={(f) => (f === 'csv' ? null : forestApi.worklistFileUrl(params, WORKLIST_EXT[f], lang))} />
            </div>
            <ul className="worklist-items">
              {worklist.data.rows.slice(0, 200).map((r) => (
                <li key={r.plantingId}>
                  <button type="button" onClick={() => onPickPlot(r)} data-testid="worklist-item">
                    <span className="worklist-label">
                      <span className="score-swatch score-swatch--small" style={{ background: SURVIVAL_COLORS[r.result] }} aria-hidden="true" />
                      {r.label}
                    </span>
                    <span className="muted small">
                      {r.commune.name} · {r.plantingYear} · {num(r.areaHa, 2)} ha · {num(r.survivalPct, 1)} % · {t('forest.trees', { n: num(r.treesToAdd) })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {worklist.data.rows.length > 200 ? <p className="muted small">{t('forest.moreInExport', { n: worklist.data.rows.length - 200 })}</p> : null}
          </>
        ) : worklist.status === 'loading' ? (
          <p className="muted">{t('info.loading')}</p>
        ) : null}
      </details>
      {offline ? (
        <details className="worklist offline-section" open={offlineOpen} onToggle={(e) => setOfflineOpen((e.target as HTMLDetailsElement).open)}>
          <summary data-testid="offline-toggle">{t('offline.title')}</summary>
          {offlineOpen ? (
            <Suspense fallback={<p className="muted">{t('info.loading')}</p>}>
              <OfflinePanel units={units} tileSources={offline.tileSources} onShowArea={offline.onShowArea} />
            </Suspense>
          ) : null}
        </details>
      ) : null}
      <div className="filter-grid">
        <label className="field">
          <span>{t('forest.plantingYear')}</span>
          <select value={filter.plantingYear ?? ''} onChange={(e) => set({ plantingYear: e.target.value ? Number(e.target.value) : null })} data-testid="filter-year">
            <option value="">{t('forest.latestPlanting')}</option>
            {[...plantingYears].reverse().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('forest.unit')}</span>
          <select value={filter.unit ?? ''} onChange={(e) => set({ unit: e.target.value || null })} data-testid="filter-unit">
            <option value="">{t('forest.allUnits')}</option>
            <UnitOptions units={units} wholeDistrict={(name) => t('forest.wholeDistrict', { name })} />
          </select>
        </label>
        <label className="field">
          <span>{t('info.funding')}</span>
          <select value={filter.funding ?? ''} onChange={(e) => set({ funding: (e.target.value || null) as Funding | null })} data-testid="filter-funding">
            <option value="">{t('forest.allFunding')}</option>
            <option value="state">{t('funding.state')}</option>
            <option value="self">{t('funding.self')}</option>
          </select>
        </label>
      </div>
      <fieldset className="class-filter">
        <legend>{t('forest.classes')}</legend>
        {SURVIVAL_CLASSES.map((c) => (
          <label key={c} className="check-chip">
            <input type="checkbox" checked={filter.classes.includes(c)} onChange={(e) => toggleClass(c, e.target.checked)} data-testid={`filter-cls-${c}`} />
            <span className="score-swatch score-swatch--small" style={{ background: SURVIVAL_COLORS[c] }} aria-hidden="true" />
            {t(`result.${c}`)}
          </label>
        ))}
      </fieldset>
      {isFiltered(filter) ? (
        <button type="button" className="link-button" onClick={() => onFilter(NO_PLOT_FILTER)}>
          {t('forest.clearFilters')}
        </button>
      ) : null}

      {filter.plantingYear ? (
        <p className="export-row">
          {t('forest.acceptanceTable', { year: filter.plantingYear })}:{' '}
          <a href={forestApi.plantingFileUrl(filter.plantingYear, filter.unit, 'csv', lang)} download>
            CSV
          </a>{' '}
          ·{' '}
          <a href={forestApi.plantingFileUrl(filter.plantingYear, filter.unit, 'xlsx', lang)} download>
            XLSX
          </a>
        </p>
      ) : null}
    </section>
  );
}
