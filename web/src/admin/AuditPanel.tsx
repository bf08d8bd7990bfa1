import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditPage, AuditRow } from '../../../server/auth/contract.ts';
import { errorText, getJson } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { AUDIT_ENTITIES, auditQuery, auditTime, changes, type AuditFilterValues } from './auditView.ts';
import { NamedOptions } from '../panels/UnitOptions.tsx';

const PAGE = 50;

/** Entities the API writes (every one in the filter); others show their raw name. */
const ENTITY_KEYS: Record<string, MessageKey> = Object.fromEntries(AUDIT_ENTITIES.map((e) => [e, `admin.entity.${e}` as MessageKey]));

/** Field names shown in words; the last segment of a nested field ('inspection.survivalPct') counts. */
const FIELDS = [
  'met', 'evidence', 'evidenceDate', 'version', 'survivalPct', 'result', 'cls', 'inspectedOn', 'stage', 'team', 'note', 'samplePlots',
  'photos', 'sites', 'name', 'year', 'species', 'funding', 'households', 'targetHa', 'rows', 'changed', 'unchanged', 'fileName',
  'years', 'communes', 'villages', 'roles', 'scopes', 'disabled', 'username', 'acceptedAbovePct', 'rejectedBelowPct', 'plotLabel',
  'gpsDistanceM', 'recordedBy', 'unitName', 'criterionNo', 'encoding',
] as const;
const fieldKey = (field: string): MessageKey | null => {
  const last = field.split('.').at(-1)!;
  return (FIELDS as readonly string[]).includes(last) ? (`admin.field.${last}` as MessageKey) : null;
};
const CLASSES = ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn'];
const ACTION_KEYS: Record<AuditRow['action'], MessageKey> = {
  create: 'admin.action.create',
  update: 'admin.action.update',
  delete: 'admin.action.delete',
};

/** Browse the audit trail: filters, newest first, "older" paging, and a CSV export of the same filters. */
export function AuditPanel() {
  const { t, pick } = useI18n();
  /** enum and yes/no values in words */
  const word = (field: string, v: string | null): string | null => {
    const last = field.split('.').at(-1);
    if (v === 'true' || v === 'false') return last === 'met' ? t(v === 'true' ? 'admin.audit.met' : 'admin.audit.notMet') : t(v === 'true' ? 'admin.audit.yes' : 'admin.audit.no');
    if ((last === 'result' || last === 'cls') && v && CLASSES.includes(v)) return t(`result.${v}` as MessageKey);
    if (last === 'funding' && (v === 'state' || v === 'self')) return t(`funding.${v}`);
    return v;
  };
  const [draft, setDraft] = useState<AuditFilterValues>({});
  const [applied, setApplied] = useState<AuditFilterValues>({});
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (filters: AuditFilterValues, before: number | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await getJson<AuditPage>(`/api/admin/audit${auditQuery(filters, { limit: PAGE, before })}`);
        setRows((old) => (before ? [...(old ?? []), ...page.rows] : page.rows));
        setNext(page.nextBefore);
      } catch (err) {
        setError(errorText(err, pick, t('app.unreachable')));
      } finally {
        setBusy(false);
      }
    },
    [pick],
  );

  useEffect(() => {
    void load(applied, null);
  }, [applied, load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ ...draft });
  };
  const field = (k: keyof AuditFilterValues) => ({
    value: draft[k] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value })),
  });

  return (
    <div className="audit-panel">
      <form className="admin-filters" onSubmit={submit} data-testid="audit-filters">
        <label>
          <span>{t('admin.audit.user')}</span>
          <input maxLength={40} {...field('username')} data-testid="audit-filter-username" />
        </label>
        <label>
          <span>{t('admin.audit.entity')}</span>
          <select {...field('entity')} data-testid="audit-filter-entity">
            <option value="">{t('admin.audit.all')}</option>
            <NamedOptions items={Object.entries(ENTITY_KEYS).map(([code, key]) => ({ code, name: t(key) }))} />
          </select>
        </label>
        <label>
          <span>{t('admin.audit.entityId')}</span>
          <input maxLength={120} placeholder="23329/2025" {...field('entityId')} />
        </label>
        <label>
          <span>{t('admin.audit.action')}</span>
          <select {...field('action')}>
            <option value="">{t('admin.audit.all')}</option>
            <NamedOptions items={Object.entries(ACTION_KEYS).map(([code, key]) => ({ code, name: t(key) }))} />
          </select>
        </label>
        <label>
          <span>{t('admin.audit.from')}</span>
          <input type="date" {...field('from')} />
        </label>
        <label>
          <span>{t('admin.audit.to')}</span>
          <input type="date" {...field('to')} />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary-button" data-testid="audit-apply">
            {t('admin.audit.apply')}
          </button>
          <button
            type="button"
            className="secondary-button"
            onClick={() => {
              setDraft({});
              setApplied({});
            }}
          >
            {t('admin.audit.clear')}
          </button>
          <a className="secondary-button" href={`/api/admin/audit.csv${auditQuery(applied)}`} download data-testid="audit-csv">
            {t('admin.audit.export')}
          </a>
        </div>
      </form>

      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p className="muted">{t('admin.audit.empty')}</p> : null}
      {rows && rows.length > 0 ? (
        <div className="table-scroll">
          <table className="admin-table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.time')}</th>
                <th scope="col">{t('admin.audit.user')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.entity')}</th>
                <th scope="col">{t('admin.audit.changes')}</th>
                <th scope="col">{t('admin.audit.request')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="audit-row" data-entity={r.entity} data-entity-id={r.entityId}>
                  <td className="nowrap">{auditTime(r.at)}</td>
                  <td>{r.username ?? <span className="muted">{t('admin.audit.system')}</span>}</td>
                  <td>{t(ACTION_KEYS[r.action])}</td>
                  <td>
                    {ENTITY_KEYS[r.entity] ? t(ENTITY_KEYS[r.entity]!) : r.entity}
                    <br />
                    <code>{r.entityId}</code>
                  </td>
                  <td>
                    <ul className="changes">
                      {changes(r.before, r.after).map((ch) => {
                        const key = fieldKey(ch.field);
                        const before = word(ch.field, ch.before);
                        const after = word(ch.field, ch.after);
                        return (
                          <li key={ch.field} data-testid="audit-change">
                            <span className="change-field" title={ch.field}>
                              {key ? t(key) : ch.field}
                            </span>
                            : {before === null ? '' : <del>{before}</del>} {before === null ? '' : '→ '}
                            <ins>{after ?? '—'}</ins>
                          </li>
                        );
                      })}
                    </ul>
                  </td>
                  <td>
                    <code className="muted">{r.requestId ?? ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? (
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void load(applied, next)} data-testid="audit-more">
          {t('admin.audit.more')}
        </button>
      ) : null}
      {busy && !rows ? <p className="muted">{t('admin.loading')}</p> : null}
    </div>
  );
}
