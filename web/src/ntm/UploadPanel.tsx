import { useState, type FormEvent } from 'react';
import type { CriteriaUploadResult, UploadRowError } from '../../../server/domain/ntm.ts';
import { ApiRequestError } from '../api/http.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ntmApi } from './ntmApi.ts';
import { bumpLayers, CRITERIA_LAYERS } from '../state/layerRevisions.ts';

const TEMPLATE = '\uFEFFmã,năm,tiêu chí,đạt,minh chứng,ngày\r\n23335,2024,10,1,Quyết định số 12/QĐ-UBND,2024-03-15\r\n23335-04,2024,3,0,,\r\n';

/**
 * Criteria from a CSV file, for editors: the server checks every row first and writes all or
 * nothing; a refused file comes back with the lines to fix, in the page's language.
 */
export function UploadPanel() {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CriteriaUploadResult | null>(null);
  const [errors, setErrors] = useState<{ count: number; rows: UploadRowError[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const editor = Boolean(me?.user && me.roles.includes('editor'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setDone(null);
    setErrors(null);
    setFailure(null);
    try {
      const r = await ntmApi.upload(await file.text(), file.name);
      setDone(r);
      bumpLayers(CRITERIA_LAYERS);
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 422 && Array.isArray(err.body?.rowErrors)) {
        setErrors({ count: Number(err.body!.errorCount ?? err.body!.rowErrors.length), rows: err.body!.rowErrors as UploadRowError[] });
      } else setFailure(err instanceof ApiRequestError ? pick(err.text) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="ntm-section ntm-upload no-print" data-testid="ntm-upload">
      <h2>{t('ntm.upload.title')}</h2>
      <p className="muted">{t('ntm.upload.help')}</p>
      <p>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="mau-tieu-chi-ntm.csv">
          {t('ntm.upload.template')}
        </a>
      </p>
      {!editor ? (
        <p className="note">{t('ntm.upload.signIn')}</p>
      ) : (
        <form onSubmit={submit} className="ntm-upload-form">
          <label className="field">
            <span>{t('ntm.upload.file')}</span>
            <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="ntm-upload-file" />
          </label>
          <button type="submit" className="primary-button" disabled={!file || busy} data-testid="ntm-upload-send">
            {busy ? t('ntm.upload.sending') : t('ntm.upload.send')}
          </button>
        </form>
      )}
      {done ? (
        <p className="ntm-message" role="status" data-testid="ntm-upload-done">
          {t('ntm.upload.done', { changed: done.changed, rows: done.rows, unchanged: done.unchanged })}
        </p>
      ) : null}
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      {errors ? (
        <div className="form-error" role="alert" data-testid="ntm-upload-errors">
          <p>{t('ntm.upload.errors', { n: errors.count })}</p>
          <ul>
            {errors.rows.map((r, i) => (
              <li key={i}>
                <strong>{t('ntm.upload.line', { line: r.line })}</strong>
                {r.column ? ` (${r.column})` : ''}: {pick(r.message)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
