import type { FeatureDetail } from '../../../../server/domain/layers.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

interface CapitalYear {
  year: number;
  allocated_pct: number;
  disbursed_pct: number;
  as_of: string;
  source: string;
}

/** A district's programme capital: the share allocated in detail and disbursed, year by year, and where each figure comes from. */
export default function CapitalInfo({ d }: { d: FeatureDetail }) {
  const { t, num } = useI18n();
  const p = d.properties;
  const years = JSON.parse(String(p.years ?? '[]')) as CapitalYear[];
  return (
    <article className="info-card" data-testid="info-capital">
      <p className="info-kind">{t('capital.kind')}</p>
      <h2 data-testid="info-title">{String(p.name)}</h2>
      <table className="capital-table" data-testid="info-capital-table">
        <thead>
          <tr>
            <th scope="col">{t('capital.year')}</th>
            <th scope="col">{t('capital.allocated')}</th>
            <th scope="col">{t('capital.disbursed')}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year} data-year={y.year}>
              <th scope="row">{y.year}</th>
              <td>{`${num(y.allocated_pct, 1)} %`}{y.source === 'report_002' ? ' *' : ''}</td>
              <td>{`${num(y.disbursed_pct, 1)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('capital.note', { date: years[0]?.as_of.split('-').reverse().join('/') ?? '' })}</p>
    </article>
  );
}
