/**
 * Recording an acceptance inspection (nghiệm thu) in the field, on a phone: date, team, stage,
 * sample plots (area, planted count or design density, surviving), GPS and photos; survival and the
 * result are computed as the inspector types, with the formula shown. The submission carries one
 * idempotency key for the life of the form, so "Gửi lại" after a lost connection never records twice.
 * Loaded lazily (zod and the survival rules stay out of the first load).
 */
import { formatDate } from '../i18n/translate.ts';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { InspectionOut, PlotDetail } from '../../../server/domain/api.ts';
import { SURVIVAL_COLORS, type SurvivalThresholds } from '../../../server/domain/classes.ts';
import { MAX_PHOTOS, plannedTrees, type InlineInspectionBody, type InspectionConflict, type InspectionResponse } from '../../../server/domain/forest.ts';
import { assessSurvival, type SurvivalAssessment } from '../../../server/domain/survival.ts';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { newRequestId, photoFromBody, preparePhoto, type PhotoDraft } from './photos.ts';
import { checkInspectionDraft, readNumber } from './inspectionCheck.ts';

type Planting = PlotDetail['plantings'][number];

export interface InspectionFormProps {
  plot: PlotDetail;
  planting: Planting;
  thresholds: SurvivalThresholds;
  onDone(r: InspectionResponse): void;
  /** an entry of the outbox being corrected (refused or still waiting): the form starts from it and keeps its request id */
  draft?: { id: string; body: InlineInspectionBody };
  onClose(): void;
}

interface PlotDraft {
  areaM2: string;
  count: string; // planted trees, or design density (trees/ha) in density mode
  surviving: string;
}

const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const toNum = (s: string) => readNumber(s) ?? NaN;
const lastId = (list: InspectionOut[]) => (list.length ? Math.max(...list.map((i) => i.id)) : null);

export function InspectionForm({ plot, planting, thresholds, onDone, onClose, draft }: InspectionFormProps) {
  const { t, num, pick, lang } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const requestId = useRef(draft?.id ?? newRequestId());
  const lastStage = planting.inspections.reduce((m, i) => Math.max(m, i.stage), 0);
  const d = draft?.body;
  const [inspectedOn, setInspectedOn] = useState(d?.inspectedOn ?? localToday());
  const [stage, setStage] = useState(String(d?.stage ?? (lastStage ? lastStage + 1 : Math.max(1, new Date().getFullYear() - planting.year))));
  const [team, setTeam] = useState(d?.team ?? '');
  const [note, setNote] = useState(d?.note ?? '');
  const [mode, setMode] = useState<'count' | 'density'>(d?.plots.some((p) => p.designPerHa != null) ? 'density' : 'count');
  const [plots, setPlots] = useState<PlotDraft[]>(
    d?.plots.map((p) => ({ areaM2: String(p.areaM2), count: String(p.planted ?? p.designPerHa ?? ''), surviving: String(p.surviving) })) ?? [{ areaM2: '100', count: '', surviving: '' }],
  );
  const [gps, setGps] = useState<[number, number] | null>(d?.gps ?? null);
  const [gpsState, setGpsState] = useState<'idle' | 'busy' | 'error'>('idle');
  const [photos, setPhotos] = useState<PhotoDraft[]>(() => (d?.photos ?? []).map(photoFromBody));
  const [known, setKnown] = useState<number | null>(d ? d.lastInspectionId : lastId(planting.inspections));
  const [sending, setSending] = useState(false);
  /** saved on the device with no network to send it: the form may close, the outbox sends it later */
  const [queued, setQueued] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'warn'; text: string } | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.preview)), [photos]);

  const parsedPlots = plots.map((p) => {
    const areaM2 = toNum(p.areaM2);
    const count = toNum(p.count);
    const planted = plannedTrees(mode === 'count' ? { areaM2, planted: count } : { areaM2, designPerHa: count });
    return { areaM2, planted: planted ?? NaN, surviving: toNum(p.surviving), count };
  });
  const preview = useMemo((): SurvivalAssessment | null => {
    try {
      return assessSurvival(parsedPlots.map(({ areaM2, planted, surviving }) => ({ areaM2, planted, surviving })), thresholds);
    } catch {
      return null;
    }
    // parsedPlots is derived from plots and mode
  }, [plots, mode, thresholds]);
  // every refusal as a message at its field (the server's own rules), shown once typed or after Save
  const draftIssues = checkInspectionDraft({ inspectedOn, stage, mode, plots, plantingYear: planting.year, today: localToday() });
  const [tried, setTried] = useState(false);
  const shownIssue = (key: string, typed: boolean): string | null => {
    const m = draftIssues[key];
    return m && (tried || typed) ? (lang === 'en' ? m.en : m.vi) : null;
  };
  const localIssue = (i: number): string | null => {
    const p = plots[i]!;
    for (const k of ['surviving', 'count', 'areaM2'] as const) {
      const m = shownIssue(`plots.${i}.${k}`, p[k].trim() !== '');
      if (m) return m;
    }
    return null;
  };
  const issueCount = Object.keys(draftIssues).length;

  const setPlot = (i: number, k: keyof PlotDraft, v: string) => setPlots((ps) => ps.map((p, j) => (j === i ? { ...p, [k]: v } : p)));
  const locate = () => {
    if (!('geolocation' in navigator)) return setGpsState('error');
    setGpsState('busy');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setGps([Number(pos.coords.longitude.toFixed(6)), Number(pos.coords.latitude.toFixed(6))]);
        setGpsState('idle');
      },
      () => setGpsState('error'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };
  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    for (const f of Array.from(files).slice(0, MAX_PHOTOS - photos.length)) {
      try {
        const p = await preparePhoto(f);
        setPhotos((ps) => [...ps, p].slice(0, MAX_PHOTOS));
      } catch {
        setMessage({ kind: 'error', text: t('forest.photoError') });
      }
    }
  };

  const submit = async () => {
    setSending(true);
    setMessage(null);
    setIssues({});
    const body: InlineInspectionBody = {
      plantingId: planting.id,
      inspectedOn,
      stage: Number(stage),
      team: team.trim() || null,
      note: note.trim() || null,
      gps,
      clientRequestId: requestId.current,
      lastInspectionId: known,
      plots: parsedPlots.map((p) =>
        mode === 'count' ? { areaM2: p.areaM2, planted: p.count, surviving: p.surviving } : { areaM2: p.areaM2, designPerHa: p.count, surviving: p.surviving },
      ),
      photos: photos.map((p) => ({ contentType: p.contentType, dataBase64: p.dataBase64 })),
    };
    try {
      // on the device first (web/src/outbox): from here on, closing the form, the tab or the phone loses nothing
      const { saveToOutbox } = await import('../outbox/store.ts');
      const { sendOne } = await import('../outbox/sync.ts');
      const sent = await sendOne(await saveToOutbox({ id: requestId.current, plotId: plot.id, plotLabel: plot.label, body }));
      if (sent.outcome === 'sent') return onDone(sent.response);
      const e = sent.error;
      if (e instanceof ApiRequestError && e.status === 409) {
        const cur = (e.body?.current ?? null) as InspectionConflict | null;
        setKnown(cur?.lastInspectionId ?? null);
        setMessage({
          kind: 'warn',
          text: cur?.latest
            ? t('forest.conflictLatest', { date: formatDate(cur.latest.inspectedOn), pct: num(cur.latest.survivalPct, 2), result: t(`result.${cur.latest.result}`) })
            : pick(e.text),
        });
      } else if (e instanceof ApiRequestError) {
        const list = ((e.body?.error as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []).filter((i) => i.path);
        setIssues(Object.fromEntries(list.map((i) => [i.path, i.message])));
        setMessage({ kind: 'error', text: list.length ? `${pick(e.text)}: ${list.map((i) => i.message.split(' / ')[lang === 'en' ? 1 : 0] ?? i.message).join('; ')}` : pick(e.text) });
      } else {
        // no network: it waits in the outbox and goes by itself when the signal returns
        setQueued(true);
        setMessage({ kind: 'warn', text: t('outbox.savedOnDevice') });
      }
    } catch {
      // the device's own storage failed (full, private mode): nothing was kept — say so, keep the form
      setMessage({ kind: 'error', text: t('outbox.storageError') });
    } finally {
      setSending(false);
    }
  };

  const issueOf = (i: number, field: string) => {
    const m = issues[`plots.${i}.${field}`];
    return m ? (m.split(' / ')[lang === 'en' ? 1 : 0] ?? m) : null;
  };
  const canSend = issueCount === 0 && preview != null && !sending;
  const sumPlanted = parsedPlots.reduce((s, p) => s + (Number.isFinite(p.planted) ? p.planted : 0), 0);
  const sumSurviving = parsedPlots.reduce((s, p) => s + (Number.isFinite(p.surviving) ? p.surviving : 0), 0);

  return (
    <dialog ref={dialog} className="forest-dialog" aria-labelledby="inspection-title" data-testid="inspection-form" onCancel={(e) => { e.preventDefault(); if (!sending) onClose(); }}>
      <form
        method="dialog"
        className="inspection-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (canSend) void submit();
        }}
      >
        <header className="forest-dialog-head">
          <div>
            <h2 id="inspection-title">{t('forest.recordTitle')}</h2>
            <p className="muted">
              {plot.label} · {t('info.year', { year: planting.year })} · {num(planting.areaHa, 2)} ha
            </p>
          </div>
          <button type="button" className="forest-close" onClick={onClose} disabled={sending} aria-label={t('info.close')} title={t('info.close')}>
            ×
          </button>
        </header>

        <div className="form-grid">
          <Field label={t('info.inspectedOn')}>
            <input type="date" value={inspectedOn} max={localToday()} onChange={(e) => setInspectedOn(e.target.value)} aria-invalid={shownIssue('inspectedOn', true) ? true : undefined} data-testid="insp-date" />
            {shownIssue('inspectedOn', true) ? <small className="field-error" role="alert" data-testid="insp-date-error">{shownIssue('inspectedOn', true)}</small> : null}
          </Field>
          <Field label={t('forest.stage')}>
            <input type="text" inputMode="numeric" value={stage} onChange={(e) => setStage(e.target.value)} aria-invalid={shownIssue('stage', true) ? true : undefined} data-testid="insp-stage" />
            {shownIssue('stage', true) ? <small className="field-error" role="alert" data-testid="insp-stage-error">{shownIssue('stage', true)}</small> : null}
          </Field>
          <Field label={t('forest.team')} wide>
            <input type="text" value={team} maxLength={200} onChange={(e) => setTeam(e.target.value)} placeholder={t('forest.teamHint')} data-testid="insp-team" />
          </Field>
        </div>

        <fieldset className="sample-plots">
          <legend>{t('forest.samplePlots')}</legend>
          <div className="seg" role="group" aria-label={t('forest.countBy')}>
            <button type="button" aria-pressed={mode === 'count'} onClick={() => setMode('count')}>
              {t('forest.byCount')}
            </button>
            <button type="button" aria-pressed={mode === 'density'} onClick={() => setMode('density')}>
              {t('forest.byDensity')}
            </button>
          </div>
          {plots.map((p, i) => {
            const problem = localIssue(i) ?? issueOf(i, 'surviving') ?? issueOf(i, 'planted') ?? issueOf(i, 'designPerHa') ?? issueOf(i, 'areaM2');
            return (
              <div className={problem ? 'sample-plot sample-plot--bad' : 'sample-plot'} key={i} data-testid="sample-plot">
                <span className="sample-plot-no" aria-hidden="true">
                  {i + 1}
                </span>
                <Field label={t('forest.areaM2')}>
                  <input type="text" inputMode="decimal" value={p.areaM2} onChange={(e) => setPlot(i, 'areaM2', e.target.value)} aria-label={`${t('forest.areaM2')} ${i + 1}`} data-testid="plot-area" />
                </Field>
                <Field label={mode === 'count' ? t('forest.planted') : t('forest.designPerHa')}>
                  <input type="text" inputMode={mode === 'count' ? 'numeric' : 'decimal'} value={p.count} onChange={(e) => setPlot(i, 'count', e.target.value)} aria-label={`${mode === 'count' ? t('forest.planted') : t('forest.designPerHa')} ${i + 1}`} data-testid="plot-planted" />
                </Field>
                <Field label={t('forest.surviving')}>
                  <input type="text" inputMode="numeric" value={p.surviving} onChange={(e) => setPlot(i, 'surviving', e.target.value)} aria-label={`${t('forest.surviving')} ${i + 1}`} aria-invalid={problem ? true : undefined} data-testid="plot-surviving" />
                </Field>
                {plots.length > 1 ? (
                  <button type="button" className="sample-plot-remove" onClick={() => setPlots((ps) => ps.filter((_, j) => j !== i))} aria-label={t('forest.removePlot', { no: i + 1 })} title={t('forest.removePlot', { no: i + 1 })}>
                    −
                  </button>
                ) : null}
                {problem ? (
                  <p className="field-error" role="alert" data-testid="plot-error">
                    {problem}
                  </p>
                ) : null}
              </div>
            );
          })}
          <button type="button" className="big-button big-button--ghost" onClick={() => setPlots((ps) => [...ps, { areaM2: ps.at(-1)?.areaM2 ?? '100', count: mode === 'density' ? (ps.at(-1)?.count ?? '') : '', surviving: '' }])} data-testid="add-plot">
            + {t('forest.addPlot')}
          </button>
        </fieldset>

        <section className="formula" aria-live="polite" data-testid="formula">
          <p className="formula-text">
            {t('forest.formula')} = 100 × {num(sumSurviving)} / {num(sumPlanted)}
            {preview ? (
              <>
                {' '}= <strong data-testid="formula-pct">{num(preview.survivalPct, 2)} %</strong>
              </>
            ) : null}
          </p>
          {preview ? (
            <p className="formula-result">
              <span className="score-swatch" style={{ background: SURVIVAL_COLORS[preview.result] }} aria-hidden="true" />
              <strong data-testid="formula-result">{t(`result.${preview.result}`)}</strong>
              <span className="muted"> · {t('forest.densityLine', { s: num(preview.survivingPerHa), d: num(preview.designPerHa) })}</span>
            </p>
          ) : null}
          <p className="muted small">{t('forest.thresholdRule', { a: thresholds.acceptedAbovePct, r: thresholds.rejectedBelowPct })}</p>
        </section>

        <div className="form-grid">
          <div className="field field--wide">
            <span>{t('forest.gps')}</span>
            <div className="inline-row">
              <button type="button" className="big-button big-button--ghost" onClick={locate} disabled={gpsState === 'busy'} data-testid="insp-gps">
                {gpsState === 'busy' ? t('forest.locating') : t('forest.useGps')}
              </button>
              <span className="muted" data-testid="insp-gps-value">
                {gps ? `${gps[1].toFixed(6)}, ${gps[0].toFixed(6)}` : gpsState === 'error' ? t('forest.gpsError') : t('forest.noGps')}
              </span>
            </div>
          </div>
          <div className="field field--wide">
            <span>{t('forest.photos')}</span>
            <div className="inline-row">
              <label className="big-button big-button--ghost file-button">
                {t('forest.addPhoto')}
                <input type="file" accept="image/*" capture="environment" multiple onChange={(e) => void addPhotos(e.target.files)} disabled={photos.length >= MAX_PHOTOS} />
              </label>
              {photos.map((p, i) => (
                <img key={p.preview} src={p.preview} alt={t('forest.photoN', { n: i + 1 })} className="photo-thumb" onClick={() => setPhotos((ps) => ps.filter((_, j) => j !== i))} />
              ))}
            </div>
          </div>
          <Field label={t('forest.note')} wide>
            <textarea value={note} maxLength={2000} rows={2} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </div>

        {message ? (
          <p className={message.kind === 'warn' ? 'form-message form-message--warn' : 'form-message'} role="alert" data-testid="insp-message">
            {message.text}
          </p>
        ) : null}
        <footer className="forest-dialog-foot">
          {issueCount > 0 && tried ? (
            <p className="form-message insp-why" role="alert" data-testid="insp-why">
              {t('field.cannotSave', { n: issueCount })}
            </p>
          ) : null}
          <button type="button" className="big-button big-button--ghost" onClick={onClose} disabled={sending}>
            {t('forest.cancel')}
          </button>
          <button type="submit" className={canSend ? "big-button" : "big-button big-button--pending"} disabled={sending} data-testid="insp-submit">
            {sending ? t('forest.sending') : queued ? t('outbox.sendNow') : message?.kind === 'error' ? t('forest.resend') : t('forest.save')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'field field--wide' : 'field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}
