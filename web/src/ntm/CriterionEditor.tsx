import { useState, type FormEvent } from 'react';
import type { CriterionStatus } from '../../../server/domain/api.ts';
import { ApiRequestError } from '../api/http.ts';
import { Dialog } from '../auth/Dialog.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ntmApi } from './ntmApi.ts';
import { bumpLayers, CRITERIA_LAYERS } from '../state/layerRevisions.ts';

export interface CriterionEditorProps {
  kind: 'commune' | 'village';
  code: string;
  year: number;
  criterion: CriterionStatus;
  onClose(): void;
  /** after a save (or a 409 that loaded the current record): reload the panel */
  onSaved(message: string): void;
}

/**
 * The editor's dialog for one criterion of one commune or village in one year: met or not, the
 * evidence and its date. Sends the version it showed; a 409 says someone else saved first.
 */
export function CriterionEditor({ kind, code, year, criterion, onClose, onSaved }: CriterionEditorProps) {
  const { t, pick } = useI18n();
  const [met, setMet] = useState(criterion.met);
  const [evidence, setEvidence] = useState(criterion.evidence ?? '');
  const [evidenceDate, setEvidenceDate] = useState(criterion.evidenceDate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ntmApi.setCriterion(kind, code, year, criterion.no, {
        met,
        evidence: evidence.trim() || null,
        evidenceDate: evidenceDate || null,
        version: criterion.version,
      });
      bumpLayers(CRITERIA_LAYERS);
      onSaved(t('ntm.edit.saved', { no: criterion.no }));
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 409) {
        bumpLayers(CRITERIA_LAYERS);
        onSaved(t('ntm.edit.conflict'));
        return;
      }
      setError(err instanceof ApiRequestError ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('ntm.edit.title', { no: criterion.no, name: pick(criterion.name), year })} onClose={onClose} testId="criterion-editor">
      <form className="ntm-edit-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('ntm.edit.status')}</legend>
          <label>
            <input type="radio" name="met" checked={met} onChange={() => setMet(true)} data-testid="edit-met" /> {t('ntm.edit.met')}
          </label>
          <label>
            <input type="radio" name="met" checked={!met} onChange={() => setMet(false)} data-testid="edit-not-met" /> {t('ntm.edit.notMet')}
          </label>
        </fieldset>
        <label className="field">
          <span>{t('ntm.edit.evidence')}</span>
          <textarea value={evidence} maxLength={2000} rows={3} onChange={(e) => setEvidence(e.target.value)} data-testid="edit-evidence" />
        </label>
        <label className="field">
          <span>{t('ntm.edit.evidenceDate')}</span>
          <input type="date" value={evidenceDate} onChange={(e) => setEvidenceDate(e.target.value)} data-testid="edit-evidence-date" />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('ntm.edit.cancel')}
          </button>
          <button type="submit" className="primary-button" disabled={busy} data-testid="edit-save">
            {busy ? t('ntm.edit.saving') : t('ntm.edit.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
