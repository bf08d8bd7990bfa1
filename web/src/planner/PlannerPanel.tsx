/**
 * The planner's tools in the side panel, loaded lazily with turf: site finder, the plan
 * being built, area analysis with measuring, village buffers. What they find is drawn on the map
 * through the planner overlay store (overlay.ts → MapView → AtlasMapController).
 */
import { useEffect, useMemo, useState } from 'react';
import type { SiteRow, SiteSearchResponse } from '../../../server/domain/planner.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { useAsync } from '../state/useAsync.ts';
import { AreaPanel } from './AreaPanel.tsx';
import { BufferPanel } from './BufferPanel.tsx';
import { addSite, addSites, emptyDraft, isDirty, keepLocalDraft, readLocalDraft, type PlanDraft } from './draft.ts';
import { EMPTY_OVERLAY, plannerDraft, plannerStore } from './overlay.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { plannerApi } from './plannerApi.ts';
import { SiteFinder } from './SiteFinder.tsx';

type Tab = 'sites' | 'plan' | 'area' | 'buffer';

export interface PlannerPanelProps {
  /** fly the map to a lô or an area */
  onFit(bbox: [number, number, number, number]): void;
}

export default function PlannerPanel({ onFit }: PlannerPanelProps) {
  const { t, num } = useI18n();
  const units = useAsync('planner-units', (signal) => plannerApi.units(signal));
  const [tab, setTab] = useState<Tab>('sites');
  const [year, setYear] = useState(2023);
  const [result, setResult] = useState<SiteSearchResponse | null>(null);
  // an unsaved plan survives closing the planner and reloading the page (a copy in localStorage)
  const [restored] = useState(() => readLocalDraft(localStorage));
  const [draft, setDraft] = useState<PlanDraft>(() => restored?.draft ?? emptyDraft(2023));
  const [clean, setClean] = useState<PlanDraft | null>(() => restored?.clean ?? null);
  const dirty = isDirty(draft, clean);
  useEffect(() => {
    keepLocalDraft(localStorage, draft, clean);
    plannerDraft.setDirty(dirty);
  }, [draft, clean, dirty]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // the browser's own "leave the page?" question
    };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [dirty]);

  // the plan's lô on the map in their own style
  useEffect(() => {
    plannerStore.set({ plan: draft.sites.filter((s) => s.geometry).map((s) => ({ id: s.plotId, geometry: s.geometry! })) });
  }, [draft.sites]);
  // leaving the planner clears what it drew
  useEffect(
    () => () => {
      plannerStore.set(EMPTY_OVERLAY);
      plannerStore.setClickHandler(null);
      plannerDraft.setDirty(false);
    },
    [],
  );

  // a lô clicked on the map joins the open plan from its panel
  useEffect(() => {
    plannerDraft.setAdder((x) =>
      setDraft((d) => {
        const next = addSites(d, [{ ...x, geometry: null }]);
        return next.unitCode ? next : { ...next, unitCode: x.communeCode };
      }),
    );
    return () => plannerDraft.setAdder(null);
  }, []);
  const inPlan = useMemo(() => new Set(draft.sites.map((s) => s.plotId)), [draft.sites]);
  const onAdd = (r: SiteRow) => {
    setDraft((d) => {
      const next = addSite({ ...d, year }, r);
      // the plan's unit: the one whose target the search showed, unless already chosen
      return next.unitCode ? next : { ...next, unitCode: result?.target?.unitCode ?? r.communeCode };
    });
  };
  const target = result?.target && result.target.unitCode === draft.unitCode && result.year === draft.year ? result.target.targetHa : null;
  const total = draft.sites.reduce((s, x) => s + x.areaHa, 0);
  const tabs: Tab[] = ['sites', 'plan', 'area', 'buffer'];

  return (
    <section className="panel-section planner-panel" aria-labelledby="planner-title" data-testid="planner-panel">
      <h2 id="planner-title">{t('planner.title')}</h2>
      {restored && restored.draft.sites.length ? (
        <p className="muted small" data-testid="plan-restored">
          {t('field.draftRestored', { n: restored.draft.sites.length })}
        </p>
      ) : null}
      {dirty ? (
        <p className="planner-unsaved" data-testid="plan-unsaved">
          {t('field.unsaved')}
        </p>
      ) : null}
      <div className="planner-tabs" role="tablist">
        {tabs.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => setTab(k)} data-testid={`planner-tab-${k}`}>
            {t(`planner.tab.${k}` as MessageKey)}
            {k === 'plan' && draft.sites.length ? ` (${draft.sites.length} · ${num(total, 1)} ha)` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'sites' ? (
          <SiteFinder
            units={units.data ?? []}
            year={year}
            onYear={(y) => (setYear(y), setDraft((d) => (d.id == null ? { ...d, year: y } : d)))}
            result={result}
            onResult={setResult}
            inPlan={inPlan}
            onAdd={onAdd}
            onFly={(r) => onFit(r.bbox)}
          />
        ) : null}
        {tab === 'sites' && draft.sites.length ? (
          <p className="planner-total-mini" data-testid="plan-running-total">
            {t('planner.total', { n: draft.sites.length, ha: num(total, 2) })}
            {target != null ? ` / ${t('planner.target', { ha: num(target, 2) })}` : ''}
          </p>
        ) : null}
        {tab === 'plan' ? (
          <PlanEditor
            draft={draft}
            onDraft={setDraft}
            onClean={(d) => (setClean(d), setDraft(d))}
            units={units.data ?? []}
            targetHa={target}
            onFly={(c) => onFit([c[0] - 0.005, c[1] - 0.005, c[0] + 0.005, c[1] + 0.005])}
            onFit={onFit}
          />
        ) : null}
        {tab === 'area' ? <AreaPanel units={units.data ?? []} planIds={draft.id != null ? [{ id: draft.id, name: draft.name }] : []} onFit={onFit} /> : null}
        {tab === 'buffer' ? (
          <BufferPanel
            units={units.data ?? []}
            onFit={onFit}
            onAddToPlan={(sites) =>
              setDraft((d) => {
                const next = addSites(d, sites);
                return next.unitCode || !sites[0] ? next : { ...next, unitCode: sites[0].communeCode };
              })
            }
          />
        ) : null}
      </div>
    </section>
  );
}
