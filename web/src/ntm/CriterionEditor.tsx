import { useState, type FormEvent } from 'react';
import type { CriterionStatus } from '../../../server/domain/api.ts';
import type { CriterionStatusRecord } from '../../../server/auth/contract.ts';
import { formatDate } from '../i18n/translate.ts';
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

// inline: the editor opens on the map too, where the tables' stylesheet is not loaded
const SIDES = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: 8, margin: '8px 0' } as const;
const SIDE = { border: '1px solid #d1d5db', borderRadius: 6, padding: '2px 10px' } as const;

/** A 409's current record, when the body carries one. */
function currentOf(err: ApiRequestError): CriterionStatusRecord | null {
  const c = err.body?.current as CriterionStatusRecord | undefined;
  return c && typeof c === 'object' && typeof c.version === 'number' ? c : null;
}

/**
 * The editor's dialog for one criterion of one commune or village in one year: met or not, the
 * evidence and its date. Sends the version it showed; when someone else saved first (409) the
 * dialog keeps what this editor typed and shows theirs beside it: keep theirs (close) or keep
 * mine (saved over theirs, against their version).
 */
export function CriterionEditor({ kind, code, year, criterion, onClose, onSaved }: CriterionEditorProps) {
  const { t, pick } = useI18n();
  const [met, setMet] = useState(criterion.met);
  const [evidence, setEvidence] = useState(criterion.evidence ?? '');
  const [evidenceDate, setEvidenceDate] = useState(criterion.evidenceDate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** the record someone else saved while this dialog was open (409) */
  const [theirs, setTheirs] = useState<CriterionStatusRecord | null>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ntmApi.setCriterion(kind, code, year, criterion.no, {
        met,
        evidence: evidence.trim() || null,
        evidenceDate: evidenceDate || null,
        // after a conflict, "keep mine" writes over the version the other editor saved
        version: theirs ? theirs.version : criterion.version,
      });
      bumpLayers(CRITERIA_LAYERS);
      onSaved(t('ntm.edit.saved', { no: criterion.no }));
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 409) {
        const current = currentOf(err);
        bumpLayers(CRITERIA_LAYERS); // the map and panel show theirs meanwhile
        if (current) setTheirs(current);
        else onSaved(t('ntm.edit.conflict'));
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
        {theirs ? (
          <div className="ntm-conflict" role="alert" data-testid="edit-conflict">
            <p>{t('ntm.edit.conflictChoose')}</p>
            <div className="ntm-conflict-sides" style={SIDES}>
              {(
                [
                  ['theirs', { met: theirs.met, evidence: theirs.evidence, evidenceDate: theirs.evidenceDate }],
                  ['mine', { met, evidence: evidence.trim() || null, evidenceDate: evidenceDate || null }],
                ] as const
              ).map(([side, v]) => (
                <section key={side} style={SIDE} data-testid={`edit-conflict-${side}`}>
                  <h3>{t(side === 'theirs' ? 'ntm.edit.theirs' : 'ntm.edit.mine')}</h3>
                  <p>
                    <strong>{v.met ? t('ntm.edit.met') : t('ntm.edit.notMet')}</strong>
                  </p>
                  <p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{v.evidence ?? '—'}</p>
                  <p className="muted">
                    {t('ntm.edit.evidenceDate')}: {v.evidenceDate ? formatDate(v.evidenceDate) : '—'}
                  </p>
                </section>
              ))}
            </div>
            <div className="form-actions">
              <button
                type="button"
                onClick={() => onSaved(t('ntm.edit.keptTheirs', { no: criterion.no }))}
                data-testid="edit-keep-theirs"
              >
                {t('ntm.edit.keepTheirs')}
              </button>
              <button type="button" className="primary-button" disabled={busy} onClick={() => void submit()} data-testid="edit-keep-mine">
                {t('ntm.edit.keepMine')}
              </button>
            </div>
          </div>
        ) : null}
        {theirs ? null : (
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('ntm.edit.cancel')}
          </button>
          <button type="submit" className="primary-button" disabled={busy} data-testid="edit-save">
            {busy ? t('ntm.edit.saving') : t('ntm.edit.save')}
          </button>
        </div>
        )}
      </form>
    </Dialog>
  );
}
