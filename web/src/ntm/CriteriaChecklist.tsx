import type { CriterionStatus } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';

/**
 * The criteria of a commune or village in a year: number, name, met or not, the year it was
 * first met, the evidence; an edit button per criterion for an editor whose scope covers it.
 */
export function CriteriaChecklist({ criteria, canEdit, onEdit }: { criteria: CriterionStatus[]; canEdit: boolean; onEdit(c: CriterionStatus): void }) {
  const { t, pick } = useI18n();
  if (criteria.length === 0) return null;
  return (
    <details className="checklist ntm-checklist" open data-testid="ntm-checklist">
      <summary>{t('info.checklist')}</summary>
      <ol>
        {criteria.map((c) => (
          <li key={c.no} className={c.met ? 'met' : 'not-met'} data-testid={`criterion-${c.no}`} data-met={c.met}>
            <span className="check" aria-label={c.met ? t('info.met') : t('info.notMet')}>
              {c.met ? '✓' : '✗'}
            </span>
            <span className="ntm-checklist-name">
              {c.no}. {pick(c.name)}
              {c.met && c.firstMetYear ? <span className="ntm-first-met"> · {t('ntm.info.firstMet', { year: c.firstMetYear })}</span> : null}
              {c.evidence ? (
                <span className="ntm-evidence" title={t('ntm.info.evidence')}>
                  {c.evidence}
                  {c.evidenceDate ? ` (${formatDate(c.evidenceDate)})` : ''}
                </span>
              ) : null}
            </span>
            {canEdit ? (
              <button type="button" className="ntm-edit-button no-print" onClick={() => onEdit(c)} aria-label={t('ntm.edit.buttonLabel', { no: c.no })} data-testid={`edit-criterion-${c.no}`}>
                {t('ntm.edit.button')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
