import { useEffect, useState, type FormEvent } from 'react';
import type { SurvivalThresholds } from '../../../server/domain/classes.ts';
import { ApiRequestError, getJson, send } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

const PATH = '/api/admin/settings/survival-thresholds';

/**
 * Settings an administrator may change: the survival thresholds of acceptance inspections.
 * New inspections are classified with the values saved here; recorded ones keep theirs.
 */
export function SettingsPanel() {
  const { t, pick } = useI18n();
  const [accepted, setAccepted] = useState('');
  const [rejected, setRejected] = useState('');
  const [status, setStatus] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    getJson<SurvivalThresholds>(PATH, ctl.signal).then(
      (v) => {
        setAccepted(String(v.acceptedAbovePct));
        setRejected(String(v.rejectedBelowPct));
      },
      () => !ctl.signal.aborted && setStatus({ kind: 'error', text: t('admin.settings.loadError') }),
    );
    return () => ctl.abort();
  }, [t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      await send('PUT', PATH, { acceptedAbovePct: Number(accepted), rejectedBelowPct: Number(rejected) });
      setStatus({ kind: 'saved', text: t('admin.settings.saved') });
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof ApiRequestError ? pick(err.text) : t('admin.settings.loadError') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={submit} data-testid="settings-form">
      <h3>{t('admin.settings.thresholdsTitle')}</h3>
      <p className="muted">{t('admin.settings.thresholdsHint')}</p>
      <label className="field-block">
        <span>{t('admin.settings.acceptedAbove')}</span>
        <input type="number" required min={1} max={100} step={0.1} inputMode="decimal" value={accepted} onChange={(e) => setAccepted(e.target.value)} data-testid="settings-accepted" />
      </label>
      <label className="field-block">
        <span>{t('admin.settings.rejectedBelow')}</span>
        <input type="number" required min={0} max={99} step={0.1} inputMode="decimal" value={rejected} onChange={(e) => setRejected(e.target.value)} data-testid="settings-rejected" />
      </label>
      {status ? (
        <p className={status.kind === 'error' ? 'form-error' : 'form-notice'} role={status.kind === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy} data-testid="settings-save">
          {t('admin.save')}
        </button>
      </div>
    </form>
  );
}
