/**
 * The outbox, entry by entry, oldest first: the lô, when it was saved, its state (waiting —
 * with why: no network, signed out, server —, sending, sent, refused). A refused entry shows the
 * server's reason and its current record, and the inspector chooses: send again as a new round
 * (after a 409), send again, edit (the inspection form, started from the entry), or discard
 * (asked first). Nothing leaves the device without the inspector's say. docs/outbox.md.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { DEFAULT_THRESHOLDS } from '../../../server/domain/classes.ts';
import type { PlotDetail } from '../../../server/domain/api.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { useMeta } from '../state/useAtlasData.ts';
import { bumpLayers, INSPECTION_LAYERS } from '../state/layerRevisions.ts';
import { discardEntry, type OutboxEntry } from './store.ts';
import { resendRefused, syncOutbox } from './sync.ts';
import { timeOf, useOutbox } from './useOutbox.ts';

const InspectionForm = lazy(() => import('../forest/InspectionForm.tsx').then((m) => ({ default: m.InspectionForm })));

export default function OutboxPanel({ onClose }: { onClose(): void }) {
  const { t, num, lang, pick } = useI18n();
  const entries = useOutbox();
  const meta = useMeta();
  const dialog = useRef<HTMLDialogElement>(null);
  const [editing, setEditing] = useState<{ entry: OutboxEntry; plot: PlotDetail } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const shown = entries.filter((e) => e.status !== 'sent' || (e.sentAt && Date.now() - Date.parse(e.sentAt) < 24 * 3600_000));
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const edit = (e: OutboxEntry) =>
    run(async () => {
      // after a 409 the correction is a new round over the server's latest inspection, which the inspector has seen here
      const latest = e.refusal?.status === 409 ? (e.refusal.current?.lastInspectionId ?? null) : e.body.lastInspectionId;
      setEditing({ entry: { ...e, body: { ...e.body, lastInspectionId: latest } }, plot: await api.plot(String(e.plotId)) });
    });

  return (
    <dialog ref={dialog} className="forest-dialog outbox-dialog" aria-labelledby="outbox-title" data-testid="outbox-panel" onCancel={(e) => (e.preventDefault(), onClose())}>
      <div className="forest-dialog-head">
        <h2 id="outbox-title">{t('outbox.title')}</h2>
        <button type="button" className="forest-close" onClick={onClose} aria-label={t('outbox.close')} title={t('outbox.close')}>
          ×
        </button>
      </div>
      {shown.length === 0 ? <p className="muted">{t('outbox.empty')}</p> : null}
      <ol className="outbox-list">
        {shown.map((e) => (
          <li key={e.id} className={`outbox-entry outbox-entry--${e.status}`} data-testid="outbox-entry" data-status={e.status} data-plot={e.plotId}>
            <div className="outbox-entry-head">
              <strong>{e.plotLabel}</strong>
              <span className="outbox-status">{t(`outbox.status.${e.status}`)}</span>
            </div>
            <div className="muted small">
              {t('outbox.savedAt', { time: timeOf(e.createdAt, lang), date: formatDate(e.body.inspectedOn) })}
              {e.status === 'waiting' && e.lastProblem ? ` · ${t(`outbox.problem.${e.lastProblem}`)}` : ''}
            </div>
            {e.photoProgress && (e.status === 'sending' || e.status === 'waiting') ? (
              <div className="outbox-photos small" data-testid="outbox-photo-progress">
                <span>{t(e.status === 'sending' ? 'outbox.photoSending' : 'outbox.photoPaused', { no: num(e.photoProgress.no), of: num(e.photoProgress.of), pct: num(e.photoProgress.pct) })}</span>
                <progress max={e.photoProgress.of * 100} value={(e.photoProgress.no - 1) * 100 + e.photoProgress.pct} />
              </div>
            ) : null}
            {e.refusal ? (
              <div className="outbox-refusal" data-testid="outbox-refusal">
                <p>{pick(e.refusal.message)}</p>
                {e.refusal.current?.latest ? (
                  <p className="muted small" data-testid="outbox-current">
                    {t('outbox.current', {
                      date: formatDate(e.refusal.current.latest.inspectedOn),
                      pct: num(e.refusal.current.latest.survivalPct, 2),
                      result: t(`result.${e.refusal.current.latest.result}`),
                    })}
                  </p>
                ) : null}
                <div className="inline-row">
                  <button type="button" className="small-button" disabled={busy} onClick={() => run(() => resendRefused(e).then(() => bumpLayers(INSPECTION_LAYERS)))} data-testid="outbox-resend">
                    {e.refusal.status === 409 ? t('outbox.resend') : t('outbox.retry')}
                  </button>
                  <button type="button" className="small-button" disabled={busy} onClick={() => void edit(e)} data-testid="outbox-edit">
                    {t('outbox.edit')}
                  </button>
                  <button
                    type="button"
                    className="small-button"
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(t('outbox.discardConfirm', { label: e.plotLabel }))) void discardEntry(e.id);
                    }}
                    data-testid="outbox-discard"
                  >
                    {t('outbox.discard')}
                  </button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {entries.some((e) => e.status === 'waiting') ? (
        <button type="button" className="big-button" disabled={busy} onClick={() => run(() => syncOutbox())} data-testid="outbox-send">
          {t('outbox.sendAll')}
        </button>
      ) : null}
      {editing ? (
        <Suspense fallback={null}>
          {(() => {
            const planting = editing.plot.plantings.find((g) => g.id === editing.entry.body.plantingId);
            return planting ? (
              <InspectionForm
                plot={editing.plot}
                planting={planting}
                thresholds={meta.data?.thresholds ?? DEFAULT_THRESHOLDS}
                draft={{ id: editing.entry.id, body: editing.entry.body }}
                onClose={() => setEditing(null)}
                onDone={() => {
                  setEditing(null);
                  bumpLayers(INSPECTION_LAYERS);
                }}
              />
            ) : null;
          })()}
        </Suspense>
      ) : null}
    </dialog>
  );
}
