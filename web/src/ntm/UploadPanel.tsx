import { useState, type FormEvent } from 'react';
import type { CriteriaUploadResult, UploadRowError } from '../../../server/domain/ntm.ts';
import { ApiRequestError } from '../api/http.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ntmApi, type UploadEncoding } from './ntmApi.ts';
import { bumpLayers, CRITERIA_LAYERS } from '../state/layerRevisions.ts';

/** A file's bytes in base64, for a JSON body (a file read as text would be assumed UTF-8). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const ENCODINGS: UploadEncoding[] = ['auto', 'utf-8', 'windows-1258', 'tcvn3', 'vni'];

/**
 * Criteria from a CSV file, for editors: the server checks every row first and writes all or
 * nothing; a refused file comes back with the lines to fix, in the page's language.
 */
export function UploadPanel({ year }: { year: number }) {
  const { t, pick, lang } = useI18n();
  const { me } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<UploadEncoding>('auto');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CriteriaUploadResult | null>(null);
  const [errors, setErrors] = useState<{ count: number; rows: UploadRowError[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const editor = Boolean(me?.user && me.roles.includes('editor'));
  // the template is the current data of the year shown, for the editor's units: edit and upload back
  const units = editor ? (me?.scopes ?? []).map((s) => s.code).filter((c) => c !== '62') : [];
  const template = `/api/ntm/criteria.csv?year=${year}${units.length ? `&units=${units.join(',')}` : ''}&lang=${lang}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setDone(null);
    setErrors(null);
    setFailure(null);
    try {
      const r = await ntmApi.upload(await base64Of(file), file.name, encoding);
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
        <a href={template} download data-testid="ntm-upload-template">
          {t('ntm.upload.template', { year })}
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
          <label className="field">
            <span>{t('ntm.upload.encoding')}</span>
            <select value={encoding} onChange={(e) => setEncoding(e.target.value as UploadEncoding)} data-testid="ntm-upload-encoding">
              {ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {t(`ntm.upload.enc.${e}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary-button" disabled={!file || busy} data-testid="ntm-upload-send">
            {busy ? t('ntm.upload.sending') : t('ntm.upload.send')}
          </button>
        </form>
      )}
      {done ? (
        <p className="ntm-message" role="status" data-testid="ntm-upload-done">
          {t('ntm.upload.done', { changed: done.changed, rows: done.rows, unchanged: done.unchanged })}
          {done.encoding
            ? ` ${t('ntm.upload.readAs', { encoding: ENCODINGS.includes(done.encoding as UploadEncoding) ? t(`ntm.upload.enc.${done.encoding as UploadEncoding}`) : done.encoding.toUpperCase() })}`
            : ''}
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
