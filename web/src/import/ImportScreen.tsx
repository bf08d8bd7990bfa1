/**
 * '#/import': importing an office's file, for administrators and editors (the server checks the
 * role and, at commit, an editor's scope). Upload (with a progress bar, streamed from disk) →
 * how to read it (coordinate system: the file's, or a candidate the person confirms; encoding with
 * the names decoded for a person to check) → column mapping with the presets → validation with
 * progress and cancel → the report (in words, CSV) and the staged rows on the map → commit with
 * progress → for administrators, the batches with rollback.
 */
import { formatBytes } from '../lib/bytes.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../api/http.ts';
import { api } from '../api/client.ts';
import { hasRole } from '../auth/session.ts';
import { SignInForm } from '../auth/SignInForm.tsx';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { getJson } from '../api/http.ts';
import type { TileVersionMap } from '../layers/types.ts';
import type { LayerId } from '../layers/types.ts';
import { useAsync } from '../state/useAsync.ts';
import { bumpLayers, type DataLayerId } from '../state/layerRevisions.ts';
import { importApi, uploadFile, type BatchRow, type ImportReport, type Inspection, type JobView, type TargetOption } from './importApi.ts';
import { ImportMap } from './ImportMap.tsx';
import { REPORT_KEY_FIELDS } from '../../../server/domain/import-report-keys.ts';
import '../auth/auth.css';
import './import.css';

const ACCEPT = '.zip,.gpkg,.geojson,.json,.kml,.kmz,.csv,.txt,.xlsx';
const KEY_FIELDS = ['code', 'tk', 'khoanh', 'lo'];
/** The report tables' keys: a file must map them before it is checked (the server refuses it otherwise, stage.ts). */
const REPORT_KEYS: Record<string, readonly string[]> = REPORT_KEY_FIELDS;
const FIELD_KEYS = new Set(['code', 'name', 'district_code', 'commune_code', 'tk', 'khoanh', 'lo', 'dtich', 'ldlr', 'forest_function', 'churung', 'namtr', 'loaicay', 'kind', 'ethnic_minority', 'main_ethnic', 'households',
  // plantings and inspections
  'year', 'area_ha', 'species', 'funding', 'household', 'density_per_ha', 'planted_on', 'inspected_on', 'stage', 'planted', 'surviving', 'survival_pct', 'team', 'note',
  // the report tables (issue 17)
  'product', 'producer', 'category', 'rating', 'rated_year', 'registered_year', 'unit_name', 'data_year', 'allocated_pct', 'disbursed_pct', 'as_of', 'unit_code', 'period',
  'source', 'amount_million_vnd', 'report', 'village_code', 'nha_rong', 'culture_house', 'sports_ground', 'cultural_area_recognised', 'trees_planted', 'trees_alive',
  'self_checked', 'built', 'pilot', 'at_standard']);
const LAYER_OF: Record<string, LayerId> = { communes: 'communes', districts: 'districts', tieukhu: 'tieukhu', khoanh: 'khoanh', plots: 'plots', villages: 'villages', ocop: 'ocop', capital: 'capital' };

const running = (j: JobView | null) => j != null && (j.state === 'staging' || j.state === 'committing');

export function ImportScreen() {
  const { t } = useI18n();
  const session = useSession();
  const me = session.me;
  let body;
  if (session.status === 'loading') body = <p className="muted">{t('import.loading')}</p>;
  else if (!me?.user)
    body = (
      <div className="admin-gate">
        <p>{t('import.needSignIn')}</p>
        <SignInForm />
      </div>
    );
  else if (!hasRole(me, 'admin') && !hasRole(me, 'editor'))
    body = (
      <p className="form-notice" role="alert" data-testid="import-refused">
        {t('import.needRole')}
      </p>
    );
  else body = <Importer admin={hasRole(me, 'admin')} />;
  return (
    <section className="import" aria-labelledby="import-title" data-testid="import-screen">
      <div className="import-head">
        <h2 id="import-title">{t('import.title')}</h2>
        <a href="#">{t('import.back')}</a>
      </div>
      {body}
    </section>
  );
}

function Importer({ admin }: { admin: boolean }) {
  const { t, pick, num, lang } = useI18n();
  const options = useAsync('import-options', (s) => importApi.options(s));
  const meta = useAsync('meta', (s) => api.meta(s));
  const [versionsKey, setVersionsKey] = useState(0);
  const versions = useAsync(`versions-${versionsKey}`, (s) => getJson<TileVersionMap>('/api/tiles/versions', s, { cache: 'no-store' }), { keepPrevious: true });
  const [batchesKey, setBatchesKey] = useState(0);
  const batches = useAsync(`batches-${batchesKey}`, (s) => importApi.batches(s), { keepPrevious: true });

  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState('plots');
  const [uploadPct, setUploadPct] = useState<number | null>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const [job, setJob] = useState<JobView | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [encoding, setEncoding] = useState('');
  const [namesOk, setNamesOk] = useState(false);
  const [crs, setCrs] = useState('');
  const [overrideCrs, setOverrideCrs] = useState(false);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const targetDef: TargetOption | undefined = options.data?.targets.find((x) => x.id === target);
  const fail = useCallback((e: unknown) => setError(errorText(e, pick, t('import.error.generic'))), [pick, t]);

  const reset = () => {
    // a job left behind (uploaded, failed, staged) is cancelled so its file and staged rows go
    if (job && !running(job) && job.state !== 'committed' && job.state !== 'cancelled') void importApi.cancel(job.id).catch(() => {});
    setJob(null);
    setInspection(null);
    setReport(null);
    setFile(null);
    setEncoding('');
    setNamesOk(false);
    setCrs('');
    setOverrideCrs(false);
    setMapping({});
    setError(null);
    setUploadPct(null);
  };

  const inspect = useCallback(
    async (id: string, enc: string) => {
      setInspecting(true);
      setError(null);
      setNamesOk(false);
      try {
        const ins = await importApi.inspect(id, enc || null);
        setInspection(ins);
      } catch (e) {
        setInspection(null);
        fail(e);
      } finally {
        setInspecting(false);
      }
    },
    [fail],
  );

  // the presets' mapping whenever the file or the target changes
  useEffect(() => {
    if (inspection) setMapping({ ...(inspection.mappings[target] ?? {}) });
  }, [inspection, target]);

  const upload = async () => {
    if (!file) return;
    setError(null);
    setNotice(null);
    setUploadPct(0);
    const ctrl = new AbortController();
    uploadAbort.current = ctrl;
    try {
      const j = await uploadFile(file, (sent, total) => setUploadPct(total ? Math.floor((100 * sent) / total) : 0), ctrl.signal);
      setJob(j);
      await inspect(j.id, '');
    } catch (e) {
      if (!(e instanceof DOMException)) fail(e);
    } finally {
      uploadAbort.current = null;
      setUploadPct(null);
    }
  };

  // poll a running job
  useEffect(() => {
    if (!job || !running(job)) return;
    const timer = setInterval(() => {
      importApi.job(job.id).then(setJob, fail);
    }, 400);
    return () => clearInterval(timer);
  }, [job?.id, job?.state, fail]); // eslint-disable-line react-hooks/exhaustive-deps

  // what a finished run leaves: the report, a failure, new tiles after a commit
  useEffect(() => {
    if (!job) return;
    if (job.state === 'failed' && job.error) setError(pick(job.error));
    if ((job.state === 'staged' || job.state === 'committed') && job.batchId != null) {
      importApi.report(job.batchId).then(setReport, fail);
      if (job.state === 'committed') {
        bumpLayers(job.layers as DataLayerId[]);
        setVersionsKey((k) => k + 1);
        setBatchesKey((k) => k + 1);
      }
    }
    if (job.state === 'staged' && job.error) setError(pick(job.error)); // a refused commit
  }, [job?.state, job?.batchId]); // eslint-disable-line react-hooks/exhaustive-deps

  const candidates = inspection?.candidates ?? [];
  // a table of records (criteria, plantings, inspections) takes no coordinates
  const tabular = targetDef?.geometry === 'none';
  const needCrs = inspection != null && !tabular && (inspection.crs == null || overrideCrs);
  const hasNames = (inspection?.encoding?.sample.length ?? 0) > 0;
  const missingKeys = (targetDef?.fields ?? []).filter((f) => f.required && (REPORT_KEYS[target] ?? KEY_FIELDS).includes(f.name) && !mapping[f.name]).map((f) => fieldLabel(t, f.name));
  const blockers: string[] = [];
  if (needCrs && !crs) blockers.push(t('import.stage.needCrs'));
  if (hasNames && !namesOk) blockers.push(t('import.stage.needNames'));
  if (missingKeys.length) blockers.push(t('import.stage.needKey', { fields: missingKeys.join(', ') }));

  const stage = async () => {
    if (!job) return;
    setError(null);
    setNotice(null);
    setReport(null);
    try {
      const j = await importApi.stage(job.id, { target, mode, crs: needCrs ? crs : undefined, encoding: encoding || undefined, mapping });
      setJob(j);
    } catch (e) {
      fail(e);
    }
  };

  const commit = async () => {
    if (!job) return;
    setError(null);
    try {
      setJob(await importApi.commit(job.id));
    } catch (e) {
      fail(e);
    }
  };

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      const j = await importApi.cancel(job.id);
      setJob(j);
      setReport(null);
      setInspection(null);
      setNotice(t('import.cancelled'));
      setBatchesKey((k) => k + 1);
    } catch (e) {
      fail(e);
    } finally {
      setCancelling(false);
    }
  };

  const rollback = async (id: number) => {
    if (!confirm(t('import.rollback.confirm', { id }))) return;
    setError(null);
    try {
      const r = await importApi.rollback(id);
      setNotice(t('import.rollback.done', { id }));
      const layer = LAYER_OF[r.target];
      if (layer) bumpLayers([layer as DataLayerId]);
      setVersionsKey((k) => k + 1);
      setBatchesKey((k) => k + 1);
      if (report?.id === id) setReport(r);
    } catch (e) {
      fail(e);
    }
  };

  const mb = options.data ? Math.round(options.data.maxUploadBytes / 1024 ** 2) : 1024;
  const showPreview = job?.state === 'staged' && job.batchId != null ? job.batchId : null;
  const focus = useMemo(() => job?.bbox ?? null, [job?.bbox?.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="import-body">
      <div className="import-steps">
        <p className="muted">{t('import.intro')}</p>
        {error ? (
          <p className="form-error" role="alert" data-testid="import-error">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p className="form-notice" role="status" data-testid="import-notice">
            {notice}
          </p>
        ) : null}

        <fieldset className="import-step" disabled={running(job)}>
          <legend>{t('import.step.file')}</legend>
          <label className="import-field">
            <span>{t('import.target.label')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="import-target">
              {(options.data?.targets ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {pick(x.label)}
                </option>
              ))}
            </select>
          </label>
          {job && job.state !== 'cancelled' ? (
            <p>
              {t('import.file.uploaded', { name: job.file.name, size: formatBytes(job.file.bytes, num) })}{' '}
              <button type="button" className="link-button" onClick={reset}>
                {t('import.file.another')}
              </button>
            </p>
          ) : (
            <>
              <label className="import-field">
                <span>{t('import.file.label')}</span>
                <input type="file" accept={ACCEPT} onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
              </label>
              <p className="muted small">{t('import.file.hint', { mb })}</p>
              {uploadPct != null ? (
                <div className="import-progress">
                  <progress max={100} value={uploadPct} />
                  <span>{t('import.file.uploading', { pct: uploadPct })}</span>
                  <button type="button" onClick={() => uploadAbort.current?.abort()}>
                    {t('import.file.cancelUpload')}
                  </button>
                </div>
              ) : (
                <button type="button" className="primary" disabled={!file} onClick={() => void upload()} data-testid="import-upload">
                  {t('import.file.upload')}
                </button>
              )}
            </>
          )}
        </fieldset>

        {inspecting ? <p className="muted">{t('import.inspect.loading')}</p> : null}

        {inspection && job && job.state !== 'cancelled' && job.state !== 'committed' ? (
          <>
            <fieldset className="import-step" disabled={running(job)} data-testid="import-read">
              <legend>{t('import.step.read')}</legend>
              <p className="muted">{t('import.inspect.format', { format: inspection.format, fields: inspection.fields.length })}</p>
              {tabular ? null : (
              <div className="import-field">
                <span>{t('import.crs.label')}</span>
                {inspection.crs && !overrideCrs ? (
                  <p data-testid="import-crs-file">
                    {t('import.crs.fromFile', { label: inspection.crs.label })}{' '}
                    <button type="button" className="link-button" onClick={() => setOverrideCrs(true)}>
                      {t('import.crs.override')}
                    </button>
                  </p>
                ) : (
                  <div className="import-crs" data-testid="import-crs-choice">
                    {inspection.crs == null ? <p className="form-notice">{candidates.length ? t('import.crs.none') : t('import.crs.noCandidates')}</p> : null}
                    {candidates.map((cd) => (
                      <label key={cd.id} className="import-radio">
                        <input type="radio" name="crs" value={cd.id} checked={crs === cd.id} onChange={() => setCrs(cd.id)} />
                        <span>
                          {cd.label} <span className="muted small">({t('import.crs.center', { lon: cd.center[0].toFixed(4), lat: cd.center[1].toFixed(4) })})</span>
                        </span>
                      </label>
                    ))}
                    <select value={candidates.some((cd) => cd.id === crs) ? '' : crs} onChange={(e) => setCrs(e.target.value)} aria-label={t('import.crs.other')}>
                      <option value="">{candidates.length ? t('import.crs.other') : t('import.crs.choose')}</option>
                      {(options.data?.crs ?? []).map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.label}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
              </div>
              )}
              <label className="import-field">
                <span>{t('import.enc.label')}</span>
                <select
                  value={encoding}
                  onChange={(e) => {
                    setEncoding(e.target.value);
                    void inspect(job.id, e.target.value);
                  }}
                  disabled={inspection.encoding == null && !encoding}
                  data-testid="import-encoding"
                >
                  <option value="">{t('import.enc.auto')}</option>
                  {(options.data?.encodings ?? []).map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.label}
                    </option>
                  ))}
                </select>
              </label>
              {inspection.encoding ? (
                <p className="muted small" data-testid="import-encoding-detected">
                  {t('import.enc.detected', { enc: inspection.encoding.encoding, by: encodingBy(t, inspection.encoding.by) })}
                </p>
              ) : (
                <p className="muted small">{t('import.enc.unicode')}</p>
              )}
              {hasNames ? (
                <div className="import-names">
                  <p>{t('import.enc.sample')}</p>
                  <ul data-testid="import-names">
                    {inspection.encoding!.sample.map((s) => (
                      <li key={s} lang="vi">
                        {s}
                      </li>
                    ))}
                  </ul>
                  <label className="import-check">
                    <input type="checkbox" checked={namesOk} onChange={(e) => setNamesOk(e.target.checked)} data-testid="import-names-ok" />
                    <span>{t('import.enc.confirm')}</span>
                  </label>
                  <p className="muted small">{t('import.enc.confirmHint')}</p>
                </div>
              ) : null}
            </fieldset>

            <fieldset className="import-step" disabled={running(job)}>
              <legend>{t('import.step.map')}</legend>
              <p className="muted small">{presetText(t, target)}</p>
              <button type="button" onClick={() => setMapping({ ...(inspection.mappings[target] ?? {}) })}>
                {t('import.map.preset')}
              </button>
              <div className="import-table-wrap">
                <table className="import-mapping" data-testid="import-mapping">
                  <thead>
                    <tr>
                      <th>{t('import.map.field')}</th>
                      <th>{t('import.map.column')}</th>
                      <th>{t('import.map.example')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(targetDef?.fields ?? []).map((f) => (
                      <tr key={f.name}>
                        <td title={t('import.map.aliases', { names: f.aliases.join(', ') })}>
                          {fieldLabel(t, f.name)}
                          {f.required ? <span className="import-required"> ({t('import.map.required')})</span> : null}
                        </td>
                        <td>
                          <select
                            value={mapping[f.name] ?? ''}
                            aria-label={fieldLabel(t, f.name)}
                            onChange={(e) => setMapping((m) => {
                              const next = { ...m };
                              if (e.target.value) next[f.name] = e.target.value;
                              else delete next[f.name];
                              return next;
                            })}
                            data-testid={`import-map-${f.name}`}
                          >
                            <option value="">{t('import.map.none')}</option>
                            {inspection.fields.map((col) => (
                              <option key={col} value={col}>
                                {col}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td className="muted" lang="vi">
                          {mapping[f.name] ? inspection.rows[0]?.[mapping[f.name]!] ?? '' : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {targetDef && targetDef.modes.length > 1 ? (
                <div className="import-field" role="radiogroup" aria-label={t('import.mode.label')}>
                  <span>{t('import.mode.label')}</span>
                  {targetDef.modes.map((m) => (
                    <label key={m} className="import-radio">
                      <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`import-mode-${m}`} />
                      <span>{t(m === 'merge' ? 'import.mode.merge' : 'import.mode.replace')}</span>
                    </label>
                  ))}
                </div>
              ) : null}
              {blockers.length ? (
                <ul className="import-blockers">
                  {blockers.map((b) => (
                    <li key={b}>{b}</li>
                  ))}
                </ul>
              ) : null}
              <button type="button" className="primary" disabled={blockers.length > 0} onClick={() => void stage()} data-testid="import-stage">
                {t('import.stage.button')}
              </button>
            </fieldset>
          </>
        ) : null}

        {job && running(job) ? <Progress job={job} cancelling={cancelling} onCancel={() => void cancel()} /> : null}

        {report && job && (job.state === 'staged' || job.state === 'committed') ? (
          <ReportView report={report} job={job} admin={admin} onCommit={() => void commit()} onDiscard={() => void cancel()} onRollback={(id) => void rollback(id)} onRestart={reset} lang={lang} />
        ) : null}

        {job?.state === 'cancelled' ? (
          <button type="button" onClick={reset}>
            {t('import.restart')}
          </button>
        ) : null}

        <BatchList batches={batches.data?.batches ?? []} admin={admin} targets={options.data?.targets ?? []} onRollback={(id) => void rollback(id)} />
      </div>
      <div className="import-side">
        {meta.data ? (
          <ImportMap
            bounds={meta.data.bounds}
            layer={LAYER_OF[job?.target ?? target] ?? null}
            versions={versions.data ?? null}
            batch={showPreview}
            focus={focus}
            label={t('import.map.aria')}
          />
        ) : null}
        {showPreview != null ? <p className="muted small">{t('import.report.onMap')}</p> : null}
      </div>
    </div>
  );
}

function fieldLabel(t: (k: MessageKey, p?: Record<string, string | number>) => string, name: string): string {
  return FIELD_KEYS.has(name) ? `${t(`import.field.${name}` as MessageKey)} (${name})` : name;
}

function encodingBy(t: (k: MessageKey) => string, by: string): string {
  return ['content', 'cpg', 'chosen', 'ascii'].includes(by) ? t(`import.enc.by.${by}` as MessageKey) : by;
}

function presetText(t: (k: MessageKey) => string, target: string): string {
  if (target === 'communes' || target === 'districts') return t('import.map.presetUnits');
  if (target === 'villages') return t('import.map.presetVillages');
  if (target in REPORT_KEYS) return t('import.map.presetReports');
  return t('import.map.presetForest');
}

function Progress({ job, cancelling, onCancel }: { job: JobView; cancelling: boolean; onCancel(): void }) {
  const { t, num } = useI18n();
  const p = job.progress;
  let value: number | undefined;
  const lines: string[] = [];
  if (job.state === 'committing') {
    value = p.toWrite ? p.written / p.toWrite : undefined;
    lines.push(t('import.progress.written', { n: num(p.written), total: num(p.toWrite ?? 0) }));
  } else if (job.phase === 'counting') {
    lines.push(t('import.progress.counting'));
  } else {
    // reading: the first 70 %, checking: the rest
    const readShare = p.total ? p.read / p.total : null;
    const checkShare = p.checksExpected ? Math.min(0.98, p.checks / p.checksExpected) : null;
    if (job.phase === 'validating') value = 0.7 + 0.3 * (checkShare ?? 0.5);
    else if (readShare != null) value = 0.7 * readShare;
    lines.push(p.total ? t('import.progress.read', { read: num(p.read), total: num(p.total) }) : t('import.progress.readNoTotal', { read: num(p.read) }));
    lines.push(t('import.progress.staged', { n: num(p.staged) }));
    if (job.phase === 'validating') lines.push(p.checksExpected ? t('import.progress.checksOf', { n: p.checks, total: p.checksExpected }) : t('import.progress.checks', { n: p.checks }));
  }
  return (
    <section className="import-step import-progress-box" aria-live="polite" data-testid="import-progress">
      <h3>{job.state === 'committing' ? t('import.progress.committing') : t('import.progress.staging')}</h3>
      {value != null ? <progress max={1} value={value} /> : <progress />}
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <button type="button" onClick={onCancel} disabled={cancelling} data-testid="import-cancel">
        {cancelling ? t('import.progress.cancelling') : t('import.progress.cancel')}
      </button>
    </section>
  );
}

function ReportView(p: { report: ImportReport; job: JobView; admin: boolean; lang: 'vi' | 'en'; onCommit(): void; onDiscard(): void; onRollback(id: number): void; onRestart(): void }) {
  const { t, num, pick } = useI18n();
  const r = p.report;
  const c = r.counts;
  const committed = r.status === 'committed';
  return (
    <section className="import-step" data-testid="import-report">
      <h3>{t('import.step.report')}</h3>
      <dl className="import-counts">
        {(
          [
            ['import.report.read', c.read],
            ['import.report.inserts', c.inserts],
            ['import.report.updates', c.updates],
            ['import.report.errors', c.errors],
            ['import.report.warnings', c.warnings],
            ['import.report.repaired', c.repaired],
          ] as const
        ).map(([k, v]) => (
          <div key={k} className={k === 'import.report.errors' && v > 0 ? 'bad' : undefined}>
            <dt>{t(k)}</dt>
            <dd>{num(v)}</dd>
          </div>
        ))}
      </dl>
      {r.crs ? <p className="muted small">{t('import.report.crs', { label: r.crs.label })}</p> : null}
      {r.encoding ? <p className="muted small">{t('import.report.encoding', { enc: r.encoding.encoding })}</p> : null}
      {r.issues.length === 0 ? (
        <p>{t('import.report.noIssues')}</p>
      ) : (
        <ul className="import-issues" data-testid="import-issues">
          {r.issues.map((i, n) => (
            <li key={n} className={i.severity}>
              <strong>{i.severity === 'error' ? t('import.report.error') : t('import.report.warning')}</strong> · {i.row != null ? t('import.report.row', { row: i.row }) : t('import.report.file')}
              {i.key ? ` (${i.key})` : ''}: {pick(i.message)}
            </li>
          ))}
        </ul>
      )}
      {r.issuesTruncated ? <p className="muted small">{t('import.report.truncated')}</p> : null}
      <p>
        <a href={importApi.reportCsvUrl(r.id, p.lang)} download data-testid="import-report-csv">
          {t('import.report.download')}
        </a>
      </p>
      {committed ? (
        <>
          <p className="form-notice" role="status" data-testid="import-committed">
            {t('import.commit.done', { id: r.id, inserts: num(p.job.written?.inserts ?? c.inserts), updates: num(p.job.written?.updates ?? c.updates) })}
          </p>
          <div className="import-actions">
            {p.admin ? (
              <button type="button" onClick={() => p.onRollback(r.id)} data-testid="import-rollback">
                {t('import.rollback.button')}
              </button>
            ) : null}
            <button type="button" onClick={p.onRestart}>
              {t('import.restart')}
            </button>
          </div>
        </>
      ) : r.status === 'rolled_back' ? (
        <p className="form-notice">{t('import.rollback.done', { id: r.id })}</p>
      ) : (
        <>
          {!r.canCommit ? <p className="form-error">{t('import.commit.blocked')}</p> : null}
          <div className="import-actions">
            <button type="button" className="primary" disabled={!r.canCommit} onClick={p.onCommit} data-testid="import-commit">
              {t('import.commit.button')}
            </button>
            <button type="button" onClick={p.onDiscard} data-testid="import-discard">
              {t('import.discard')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function BatchList({ batches, admin, targets, onRollback }: { batches: BatchRow[]; admin: boolean; targets: TargetOption[]; onRollback(id: number): void }) {
  const { t, pick, num } = useI18n();
  const label = (id: string) => {
    const x = targets.find((y) => y.id === id);
    return x ? pick(x.label) : id;
  };
  // only the latest committed batch of a target can be rolled back (the server says so otherwise)
  const latest = new Set<number>();
  const seen = new Set<string>();
  for (const b of batches) {
    if (b.status === 'committed' && !seen.has(b.target)) latest.add(b.id);
    if (b.status === 'committed') seen.add(b.target);
  }
  return (
    <section className="import-step" data-testid="import-batches">
      <h3>{t('import.batches.title')}</h3>
      {batches.length === 0 ? (
        <p className="muted">{t('import.batches.none')}</p>
      ) : (
        <div className="import-table-wrap">
          <table className="import-batches">
            <thead>
              <tr>
                <th>{t('import.batches.id')}</th>
                <th>{t('import.batches.file')}</th>
                <th>{t('import.batches.target')}</th>
                <th>{t('import.batches.status')}</th>
                <th>{t('import.batches.date')}</th>
                <th>{t('import.batches.rows')}</th>
                {admin ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {batches.slice(0, 20).map((b) => (
                <tr key={b.id} data-testid={`import-batch-${b.id}`}>
                  <td>{b.id}</td>
                  <td className="import-filename">{b.fileName}</td>
                  <td>{label(b.target)}</td>
                  <td>{t(`import.status.${b.status}` as MessageKey)}</td>
                  <td>{new Date(b.createdAt).toLocaleDateString('vi-VN')}</td>
                  <td>
                    {num(b.counts.inserts ?? 0)} / {num(b.counts.updates ?? 0)} / {num(b.counts.errors ?? 0)}
                  </td>
                  {admin ? (
                    <td>
                      {latest.has(b.id) ? (
                        <button type="button" onClick={() => onRollback(b.id)} data-testid={`import-batch-rollback-${b.id}`}>
                          {t('import.rollback.button')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
