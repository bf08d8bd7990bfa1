/**
 * "Use with no signal": the inspector chooses a tiểu khu (or a whole commune), sees the size
 * before downloading, follows the download, and keeps a list of the areas on the device with
 * their date and size — each can be shown, updated (when the server's data is newer, it is marked
 * out of date and updated by itself once online), resumed when a download was cut, or removed.
 * Loaded when its section opens (ForestPanel). docs/offline.md.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ForestUnit } from '../../../server/domain/forest.ts';
import type { TileVersions } from '../../../server/domain/api.ts';
import { errorText, getJson } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatBytes } from '../lib/bytes.ts';
import type { TileSourceTemplate } from '../map/MapView.tsx';
import { downloadArea, isStale, planArea, type AreaChoice, type AreaPlan, type Progress } from './prepare.ts';
import { listAreas, removeArea, type PreparedArea } from './store.ts';
import { useOnline } from './useOnline.ts';

export interface OfflinePanelProps {
  units: ForestUnit[];
  tileSources(): TileSourceTemplate[];
  onShowArea(bbox: [number, number, number, number]): void;
}

type Step = { kind: 'idle' } | { kind: 'estimating' } | { kind: 'planned'; plan: AreaPlan } | { kind: 'downloading'; plan: AreaPlan; progress: Progress } | { kind: 'error'; message: string };

export default function OfflinePanel({ units, tileSources, onShowArea }: OfflinePanelProps) {
  const { t, num, lang, pick } = useI18n();
  const online = useOnline();
  const [tk, setTk] = useState('');
  const [commune, setCommune] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [areas, setAreas] = useState<PreparedArea[]>([]);
  const [versions, setVersions] = useState<Record<string, number> | null>(null);
  const [busyArea, setBusyArea] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const refreshedOnce = useRef(new Set<string>());

  const reload = useCallback(() => listAreas().then(setAreas), []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (!online) return;
    const ctl = new AbortController();
    getJson<TileVersions>('/api/tiles/versions', ctl.signal, { cache: 'no-store' }).then(
      (v) => setVersions(v),
      () => {},
    );
    return () => ctl.abort();
  }, [online]);

  const fail = (err: unknown) => setStep({ kind: 'error', message: t('offline.error', { reason: errorText(err, pick, err instanceof Error ? err.message : String(err)) }) });

  /** Plans and downloads an area again (update, resume), without asking: the inspector chose it before. */
  const refresh = useCallback(
    async (a: PreparedArea) => {
      setBusyArea(a.id);
      try {
        const plan = await planArea({ kind: a.kind, code: a.code }, tileSources());
        await downloadArea(plan, () => {});
      } catch {
        /* stays marked out of date or unfinished; the inspector may try again */
      } finally {
        setBusyArea(null);
        void reload();
      }
    },
    [tileSources, reload],
  );

  // out-of-date areas are updated by themselves once online (once per visit)
  useEffect(() => {
    if (!online || !versions || busyArea) return;
    const stale = areas.find((a) => a.status === 'ready' && isStale(a, versions) && !refreshedOnce.current.has(a.id));
    if (stale) {
      refreshedOnce.current.add(stale.id);
      void refresh(stale);
    }
  }, [online, versions, areas, busyArea, refresh]);

  const estimate = async (choice: AreaChoice) => {
    abort.current?.abort();
    abort.current = new AbortController();
    setStep({ kind: 'estimating' });
    try {
      setStep({ kind: 'planned', plan: await planArea(choice, tileSources(), abort.current.signal) });
    } catch (err) {
      fail(err);
    }
  };

  const download = async (plan: AreaPlan) => {
    abort.current = new AbortController();
    setStep({ kind: 'downloading', plan, progress: { done: 0, total: plan.tileUrls.length, bytes: 0 } });
    try {
      await downloadArea(plan, (progress) => setStep({ kind: 'downloading', plan, progress }), abort.current.signal);
      setStep({ kind: 'idle' });
    } catch (err) {
      if (abort.current.signal.aborted) setStep({ kind: 'idle' });
      else fail(err);
    } finally {
      void reload();
    }
  };

  const communes = units.filter((u) => u.level === 'commune');
  const tkNumber = Number(tk);
  const canEstimate = online && step.kind !== 'estimating' && step.kind !== 'downloading';

  return (
    <div className="offline-panel" data-testid="offline-panel">
      <p className="muted small">{t('offline.hint')}</p>
      {!online ? <p className="offline-note" data-testid="offline-need-network">{t('offline.needNetwork')}</p> : null}
      <form
        className="offline-choose"
        onSubmit={(e) => {
          e.preventDefault();
          if (Number.isInteger(tkNumber) && tkNumber > 0) void estimate({ kind: 'tieukhu', code: String(tkNumber) });
          else if (commune) void estimate({ kind: 'commune', code: commune });
        }}
      >
        <label>
          {t('offline.tieuKhu')}
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={99999}
            value={tk}
            onChange={(e) => {
              setTk(e.target.value);
              if (e.target.value) setCommune('');
            }}
            data-testid="offline-tk"
          />
        </label>
        <label>
          {t('offline.commune')}
          <select
            value={commune}
            onChange={(e) => {
              setCommune(e.target.value);
              if (e.target.value) setTk('');
            }}
            data-testid="offline-commune"
          >
            <option value="">{t('offline.chooseCommune')}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="small-button" disabled={!canEstimate || (!tk && !commune)} data-testid="offline-estimate">
          {step.kind === 'estimating' ? t('offline.estimating') : t('offline.estimate')}
        </button>
      </form>

      {step.kind === 'planned' ? (
        <div className="offline-plan" data-testid="offline-plan">
          <p data-testid="offline-estimate-result">
            {t('offline.estimateResult', {
              area: step.plan.area.label,
              size: formatBytes(step.plan.estimatedBytes, num),
              tiles: num(step.plan.tileUrls.length),
              plots: num(step.plan.pkg.plots.length),
            })}
          </p>
          <button type="button" className="big-button" onClick={() => void download(step.plan)} data-testid="offline-download">
            {t('offline.download')}
          </button>
        </div>
      ) : null}
      {step.kind === 'downloading' ? (
        <div className="offline-progress" data-testid="offline-progress">
          <progress max={step.progress.total} value={step.progress.done} aria-label={t('offline.download')} />
          <span data-testid="offline-progress-text">
            {t('offline.progress', { done: num(step.progress.done), total: num(step.progress.total), size: formatBytes(step.progress.bytes, num) })}
          </span>
          <button type="button" className="small-button" onClick={() => abort.current?.abort()}>
            {t('offline.cancel')}
          </button>
        </div>
      ) : null}
      {step.kind === 'error' ? (
        <p className="offline-error" role="alert" data-testid="offline-error">
          {step.message}
        </p>
      ) : null}

      <h3 className="offline-areas-title">{t('offline.areas')}</h3>
      {areas.length === 0 ? <p className="muted small">{t('offline.none')}</p> : null}
      <ul className="offline-areas" data-testid="offline-areas">
        {areas.map((a) => {
          const stale = a.status === 'ready' && isStale(a, versions);
          const status = busyArea === a.id ? t('offline.updating') : a.status !== 'ready' ? t('offline.partial', { done: num(a.tilesDone), total: num(a.tiles.length) }) : stale ? t('offline.stale') : t('offline.ready');
          return (
            <li key={a.id} data-testid="offline-area" data-area={a.id} data-status={busyArea === a.id ? 'updating' : a.status !== 'ready' ? 'partial' : stale ? 'stale' : 'ready'}>
              <div className="offline-area-head">
                <strong>{a.label}</strong> <span className={stale || a.status !== 'ready' ? 'offline-badge offline-badge--warn' : 'offline-badge'}>{status}</span>
              </div>
              <div className="muted small">
                {t('offline.preparedAt', { date: new Date(a.preparedAt).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB'), size: formatBytes(a.bytes, num) })}
              </div>
              <div className="inline-row">
                <button type="button" className="small-button" onClick={() => onShowArea(a.bbox)}>
                  {t('offline.show')}
                </button>
                {online ? (
                  <button type="button" className="small-button" disabled={busyArea !== null} onClick={() => void refresh(a)}>
                    {a.status !== 'ready' ? t('offline.resume') : t('offline.update')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="small-button"
                  disabled={busyArea === a.id}
                  onClick={() => void removeArea(a.id).then(reload)}
                  data-testid="offline-remove"
                >
                  {t('offline.remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
