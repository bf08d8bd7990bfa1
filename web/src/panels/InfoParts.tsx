import type { ReactNode } from 'react';
import type { CriterionStatus } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** A label / value row of a details card. */
export function Row({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The headline figure of a card: "15/19 criteria met" with the colour of its class. */
export function Score({ met, of, color, label, testId }: { met: number; of: number; color: string; label: string; testId: string }) {
  return (
    <div className="score" data-testid={testId}>
      <span className="score-swatch" style={{ background: color }} aria-hidden="true" />
      <span className="score-value">
        {met}/{of}
      </span>
      <span className="score-label">{label}</span>
    </div>
  );
}

/** The criteria checklist, folded by default. */
export function Checklist({ criteria }: { criteria: CriterionStatus[] }) {
  const { t, pick } = useI18n();
  if (criteria.length === 0) return null;
  return (
    <details className="checklist">
      <summary>{t('info.checklist')}</summary>
      <ol>
        {criteria.map((c) => (
          <li key={c.no} className={c.met ? 'met' : 'not-met'}>
            <span className="check" aria-label={c.met ? t('info.met') : t('info.notMet')}>
              {c.met ? '✓' : '✗'}
            </span>
            <span>
              {c.no}. {pick(c.name)}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
