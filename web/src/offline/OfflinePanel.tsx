/**
 * "Use with no signal": the inspector chooses a tiểu khu (or a whole commune, or draws an area on
 * the map — tapping its corners, with the planner's drawing: planner/overlay.ts), sees the size
 * before downloading, follows the download, and keeps a list of the areas on the device with
 * their date and size — each can be shown, updated (when the server's data is newer, it is marked
 * out of date and updated by itself once online), resumed when a download was cut, or removed.
 * Loaded when its section opens (ForestPanel). docs/offline.md.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { area as turfArea } from '@turf/area';
import { polygon as turfPolygon } from '@turf/helpers';
import type { ForestUnit } from '../../../server/domain/forest.ts';
import type { TileVersions } from '../../../server/domain/api.ts';
import { errorText, getJson } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatBytes } from '../lib/bytes.ts';
import type { TileSourceTemplate } from '../map/MapView.tsx';
import { plannerStore } from '../planner/overlay.ts';
import { choiceOf, downloadArea, isStale, planArea, SignalLostError, type AreaChoice, type AreaPlan, type Progress } from './prepare.ts';
import { listAreas, removeArea, type PreparedArea } from './store.ts';
import { useOnline } from './useOnline.ts';

export interface OfflinePanelProps {
  units: ForestUnit[];
  tileSources(): TileSourceTemplate[];
  onShowArea(bbox: [number, number, number, number]): void;
}

/** Hides the phone's sheet while an area is drawn, so the whole map takes the taps (styles.css). */
const DRAWING_CLASS = 'atlas-drawing';

/** The closed ring of the tapped corners, or null under three. */
const ringOf = (pts: [number, number][]): [number, number][] | null => (pts.length >= 3 ? [...pts, pts[0]!] : null);
const hectaresOf = (ring: [number, number][]) => turfArea(turfPolygon([ring])) / 10_000;

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
  // drawing an area: the corners tapped so far; the last drawn ring stays on the map while it is estimated and downloaded
  const [drawing, setDrawing] = useState(false);
  const [pts, setPts] = useState<[number, number][]>([]);
  const [drawn, setDrawn] = useState<[number, number][] | null>(null);
  const labelOf = (a: { kind: string; label: string; areaHa?: number }) => (a.kind === 'drawn' && a.areaHa !== undefined ? t('offline.drawnLabel', { ha: num(a.areaHa, 1) }) : a.label);

  useEffect(() => {
    if (!drawing) return;
    plannerStore.setClickHandler((at) => setPts((p) => [...p, at]));
    document.documentElement.classList.add(DRAWING_CLASS);
    return () => {
      plannerStore.setClickHandler(null);
      document.documentElement.classList.remove(DRAWING_CLASS);
    };
  }, [drawing]);
  const showDrawn = drawn !== null && (step.kind === 'estimating' || step.kind === 'planned' || step.kind === 'downloading');
  useEffect(() => {
    if (drawing) plannerStore.set({ sketch: { points: pts, closed: true } });
    else if (showDrawn) plannerStore.set({ sketch: { points: drawn.slice(0, -1), closed: true } });
    else if (plannerStore.get().sketch) plannerStore.set({ sketch: null });
  }, [drawing, pts, drawn, showDrawn]);
  useEffect(() => () => plannerStore.set({ sketch: null }), []);
  // the estimate and the progress bar come into view (on a phone the sheet was scrolled to the buttons)
  const news = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (step.kind === 'planned' || step.kind === 'error') news.current?.scrollIntoView({ block: 'nearest' });
  }, [step.kind]);

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

  const fail = (err: unknown) =>
    setStep({
      kind: 'error',
      message: err instanceof SignalLostError ? t('offline.signalLost') : t('offline.error', { reason: errorText(err, pick, err instanceof Error ? err.message : String(err)) }),
    });

  /** Plans and downloads an area again (update, resume), without asking: the inspector chose it before. */
  const refresh = useCallback(
    async (a: PreparedArea) => {
      setBusyArea(a.id);
      try {
        const plan = await planArea(choiceOf(a), tileSources());
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
      setDrawn(null);
    } catch (err) {
      if (abort.current.signal.aborted) setStep({ kind: 'idle' });
      else fail(err);
    } finally {
      void reload();
    }
  };

  const finishDrawing = () => {
    const ring = ringOf(pts);
    if (!ring) return;
    setDrawing(false);
    setPts([]);
    setDrawn(ring);
    void estimate({ kind: 'drawn', ring });
  };
  const drawnHa = drawing ? ringOf(pts) : null;
  const drawBar = drawing
    ? createPortal(
        <div className="offline-drawbar" role="toolbar" aria-label={t('offline.draw')} data-testid="offline-drawbar">
          <p className="small">{t('offline.drawHint')}</p>
          <p className="offline-drawbar-count" data-testid="offline-draw-count">
            {t('offline.drawPoints', { n: num(pts.length), ha: num(drawnHa ? hectaresOf(drawnHa) : 0, 1) })}
          </p>
          <div className="inline-row">
            <button type="button" className="small-button primary" disabled={pts.length < 3} onClick={finishDrawing} data-testid="offline-draw-done">
              {t('offline.drawDone')}
            </button>
            <button type="button" className="small-button" disabled={pts.length === 0} onClick={() => setPts((p) => p.slice(0, -1))} data-testid="offline-draw-undo">
              {t('offline.drawUndo')}
            </button>
            <button type="button" className="small-button" onClick={() => (setDrawing(false), setPts([]))} data-testid="offline-draw-cancel">
              {t('offline.drawCancel')}
            </button>
          </div>
        </div>,
        document.querySelector('.app-main') ?? document.body,
      )
    : null;

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
          setDrawn(null);
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
        <span className="muted small offline-or">{t('offline.or')}</span>
        <button
          type="button"
          className="small-button"
          disabled={!canEstimate}
          aria-pressed={drawing}
          onClick={() => {
            setTk('');
            setCommune('');
            setStep({ kind: 'idle' });
            setPts([]);
            setDrawing((d) => !d);
          }}
          data-testid="offline-draw"
        >
          {t('offline.draw')}
        </button>
      </form>
      {drawBar}

      <div ref={news}>
      {step.kind === 'planned' ? (
        <div className="offline-plan" data-testid="offline-plan">
          <p data-testid="offline-estimate-result">
            {t('offline.estimateResult', {
              area: labelOf(step.plan.area),
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

      </div>

      <h3 className="offline-areas-title">{t('offline.areas')}</h3>
      {areas.length === 0 ? <p className="muted small">{t('offline.none')}</p> : null}
      <ul className="offline-areas" data-testid="offline-areas">
        {areas.map((a) => {
          const stale = a.status === 'ready' && isStale(a, versions);
          const status = busyArea === a.id ? t('offline.updating') : a.status !== 'ready' ? t('offline.partial', { done: num(a.tilesDone), total: num(a.tiles.length) }) : stale ? t('offline.stale') : t('offline.ready');
          return (
            <li key={a.id} data-testid="offline-area" data-area={a.id} data-status={busyArea === a.id ? 'updating' : a.status !== 'ready' ? 'partial' : stale ? 'stale' : 'ready'}>
              <div className="offline-area-head">
                <strong>{labelOf(a)}</strong> <span className={stale || a.status !== 'ready' ? 'offline-badge offline-badge--warn' : 'offline-badge'}>{status}</span>
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
