/**
 * The plan being built: the lô chosen from the results with their areas, the running total
 * against the target, the plan's details (name, year, unit, species, funding, households), save
 * (planner role within scope; POST then versioned PUT), reopen, delete and export (XLSX, CSV, GeoJSON).
 */
import { errorText } from '../api/http.ts';
import { useEffect, useRef, useState } from 'react';
import type { MultiPolygon } from 'geojson';
import type { PlanSummary } from '../../../server/domain/planner.ts';
import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import { GisLinks } from '../export/GisLinks.tsx';
import { ogcFileUrl } from '../export/gisFiles.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { draftBody, draftOf, draftTotal, emptyDraft, removeSiteKeeping, restoreSite, type PlanDraft, type RemovedSite } from './draft.ts';
import { geometryBounds, plannerScope } from './finderView.ts';
import { plannerApi, type PlannerUnit } from './plannerApi.ts';
import { UnitOptions } from '../panels/UnitOptions.tsx';

export interface PlanEditorProps {
  draft: PlanDraft;
  onDraft(d: PlanDraft): void;
  units: PlannerUnit[];
  /** the target of the plan's unit and year, when known (from the last search or the saved plan) */
  targetHa: number | null;
  onFly(center: [number, number]): void;
  /** a saved, opened or new plan: the draft and the state it is compared with for unsaved changes */
  onClean?(d: PlanDraft): void;
  /** move the map to bounds (a reopened plan) */
  onFit?(bbox: [number, number, number, number]): void;
}

const requestKey = () => `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function PlanEditor({ draft, onDraft, units, targetHa, onFly, onClean, onFit }: PlanEditorProps) {
  const { t, num, lang, pick } = useI18n();
  const session = useSession();
  const canSave = hasRole(session.me, 'planner');
  // the plan's unit: one of the planner's scope (the server refuses the others)
  const scope = plannerScope(session.me, units);
  const scopedUnits = [...scope.districts, ...scope.communes];
  const [plans, setPlans] = useState<PlanSummary[] | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedTarget, setSavedTarget] = useState<number | null>(null);
  const key = useRef(requestKey());
  const [removed, setRemoved] = useState<RemovedSite[]>([]);
  const clean = onClean ?? onDraft;
  const set = (p: Partial<PlanDraft>) => onDraft({ ...draft, ...p });
  const total = draftTotal(draft);
  const target = targetHa ?? savedTarget;

  const loadPlans = async () => {
    try {
      setPlans(await plannerApi.plans(draft.year));
    } catch {
      setPlans([]);
    }
  };
  useEffect(() => {
    void loadPlans();
  }, [draft.year]); // eslint-disable-line react-hooks/exhaustive-deps -- reload when the year changes

  const save = async () => {
    setSaving(true);
    setStatus(null);
    try {
      const saved = draft.id == null ? await plannerApi.createPlan(draftBody(draft, key.current)) : await plannerApi.updatePlan(draft.id, draftBody(draft));
      const geoms = new Map(draft.sites.filter((s) => s.geometry).map((s) => [s.plotId, s.geometry!] as [number, MultiPolygon]));
      clean(draftOf(saved, geoms));
      setSavedTarget(saved.targetHa);
      key.current = requestKey();
      setStatus({ kind: 'ok', text: t('planner.saved', { version: saved.version }) });
      void loadPlans();
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e, pick, t('app.actionFailed')) });
    } finally {
      setSaving(false);
    }
  };

  const open = async (id: number) => {
    setStatus(null);
    try {
      const [p, fc] = await Promise.all([plannerApi.plan(id), plannerApi.planGeometry(id)]);
      clean(draftOf(p, new Map(fc.features.map((f) => [f.properties.plotId, f.geometry]))));
      setSavedTarget(p.targetHa);
      setRemoved([]);
      // the map follows: the reopened plan in view
      const b = geometryBounds(fc.features.map((f) => f.geometry));
      if (b) onFit?.(b);
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e, pick, t('app.actionFailed')) });
    }
  };

  const remove = async () => {
    if (draft.id == null || !confirm(t('planner.confirmDelete', { name: draft.name }))) return;
    try {
      await plannerApi.deletePlan(draft.id, draft.version);
      clean(emptyDraft(draft.year, draft.unitCode));
      void loadPlans();
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e, pick, t('app.actionFailed')) });
    }
  };

  const pct = target ? Math.min(100, (100 * total) / target) : 0;

  return (
    <div className="planner-plan" data-testid="plan-editor">
      <div className="planner-total" data-testid="plan-total" data-total={total}>
        <strong>{t('planner.total', { n: draft.sites.length, ha: num(total, 2) })}</strong>
        {target != null ? (
          <>
            <span> / {t('planner.target', { ha: num(target, 2) })}</span>
            <div className="planner-bar" role="meter" aria-valuemin={0} aria-valuemax={target} aria-valuenow={total} aria-label={t('planner.againstTarget')}>
              <div style={{ width: `${pct}%` }} className={total > target ? 'over' : ''} />
            </div>
          </>
        ) : null}
      </div>

      {draft.sites.length ? (
        <ul className="planner-sites">
          {draft.sites.map((s) => (
            <li key={s.plotId} data-testid="plan-site">
              <button type="button" className="planner-row" onClick={() => s.geometry && onFly(s.geometry.coordinates[0]![0]![0] as [number, number])}>
                <strong>{s.label}</strong>
                <span className="muted">{s.communeName}</span>
              </button>
              <input
                type="number"
                min={0.01}
                max={s.lotAreaHa}
                step={0.01}
                value={s.areaHa}
                aria-label={t('planner.siteArea', { label: s.label })}
                onChange={(e) => {
                  const v = Math.min(s.lotAreaHa, Math.max(0.01, Number(e.target.value) || 0));
                  set({ sites: draft.sites.map((x) => (x.plotId === s.plotId ? { ...x, areaHa: v } : x)) });
                }}
              />
              <button
                type="button"
                onClick={() => {
                  const r = removeSiteKeeping(draft, s.plotId);
                  onDraft(r.draft);
                  if (r.removed) setRemoved((l) => [...l, r.removed!]);
                }}
                aria-label={t('planner.removeSite', { label: s.label })}
                data-testid="plan-remove"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('planner.emptyPlan')}</p>
      )}
      {removed.length ? (
        <button
          type="button"
          className="small-button"
          data-testid="plan-undo"
          onClick={() => {
            const last = removed[removed.length - 1]!;
            onDraft(restoreSite(draft, last));
            setRemoved((l) => l.slice(0, -1));
          }}
        >
          {t('field.undoRemove', { label: removed[removed.length - 1]!.site.label })}
        </button>
      ) : null}

      <div className="filter-grid">
        <label className="field planner-wide">
          <span>{t('planner.planName')}</span>
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="plan-name" />
        </label>
        <label className="field">
          <span>{t('planner.unit')}</span>
          <select value={draft.unitCode} onChange={(e) => set({ unitCode: e.target.value })} data-testid="plan-unit">
            <option value="">–</option>
            <UnitOptions units={scopedUnits} wholeDistrict={(name) => t('planner.wholeDistrict', { name })} />
          </select>
        </label>
        <label className="field">
          <span>{t('planner.species')}</span>
          <input value={draft.species} onChange={(e) => set({ species: e.target.value })} placeholder="Keo lai" />
        </label>
        <label className="field">
          <span>{t('planner.funding')}</span>
          <select value={draft.funding} onChange={(e) => set({ funding: e.target.value as PlanDraft['funding'] })}>
            <option value="">–</option>
            <option value="state">{t('planner.funding.state')}</option>
            <option value="self">{t('planner.funding.self')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('planner.households')}</span>
          <input type="number" min={0} value={draft.households} onChange={(e) => set({ households: e.target.value })} />
        </label>
        <label className="field planner-wide">
          <span>{t('planner.note')}</span>
          <textarea rows={2} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
        </label>
      </div>

      <div className="planner-actions">
        {canSave ? (
          <button type="button" className="primary" onClick={save} disabled={saving || !draft.name.trim() || !draft.unitCode} data-testid="plan-save">
            {draft.id == null ? t('planner.save') : t('planner.saveChanges')}
          </button>
        ) : (
          <p className="muted">{t('planner.signInToSave')}</p>
        )}
        <button type="button" onClick={() => (setRemoved([]), clean(emptyDraft(draft.year, draft.unitCode)))}>
          {t('planner.newPlan')}
        </button>
        {draft.id != null && canSave ? (
          <button type="button" onClick={remove}>
            {t('planner.delete')}
          </button>
        ) : null}
      </div>
      {draft.id != null ? (
        <p className="planner-exports">
          {t('planner.export')}:{' '}
          {(['xlsx', 'csv', 'geojson'] as const).map((f) => (
            <a key={f} href={plannerApi.planFileUrl(draft.id!, f, lang)} download data-testid={`plan-export-${f}`}>
              {f.toUpperCase()}
            </a>
          ))}
          {session.me ? (
            <>
              {' · '}
              {t('gis.planFiles')}: <GisLinks testId="plan-export" url={(f) => ogcFileUrl('plans', { plan_id: draft.id }, f, lang)} />
            </>
          ) : null}
        </p>
      ) : null}
      {status ? (
        <p className={status.kind === 'ok' ? 'planner-ok' : 'error'} role={status.kind === 'ok' ? 'status' : 'alert'} data-testid="plan-status">
          {status.text}
        </p>
      ) : null}

      <h3>{t('planner.savedPlans', { year: draft.year })}</h3>
      {plans && plans.length ? (
        <ul className="planner-saved">
          {plans.map((p) => (
            <li key={p.id}>
              <button type="button" className="planner-row" onClick={() => open(p.id)} data-testid="plan-open">
                <strong>{p.name}</strong>
                <span className="muted">
                  {p.unitName} · {t('planner.total', { n: p.siteCount, ha: num(p.totalHa, 2) })}
                  {p.targetHa != null ? ` / ${num(p.targetHa, 2)} ha` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('planner.noPlans')}</p>
      )}
    </div>
  );
}
