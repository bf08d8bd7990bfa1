import type { FeatureDetail } from '../../../../server/domain/layers.ts';
import { OCOP_CLASSES } from '../../../../server/domain/layers.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/translate.ts';
import { Row } from '../../panels/InfoParts.tsx';

/** An OCOP product: producer, category, star rating and its year, commune (old and of 1/7/2025). */
export default function OcopInfo({ d }: { d: FeatureDetail }) {
  const { t } = useI18n();
  const p = d.properties;
  const cls = p.rating == null ? 'registered' : String(p.rating);
  const color = OCOP_CLASSES.find((c) => c.id === cls)?.color;
  return (
    <article className="info-card" data-testid="info-ocop">
      <p className="info-kind">{t('ocop.kind')}</p>
      <h2 data-testid="info-title">{String(p.name)}</h2>
      <p className="ocop-rating" data-testid="info-ocop-rating">
        <span className="ocop-dot" style={{ background: color }} aria-hidden="true" />
        {t(`ocop.cls.${cls}` as MessageKey)}
        {p.rated_year != null ? ` · ${t('ocop.ratedIn', { year: Number(p.rated_year) })}` : ''}
      </p>
      <dl>
        <Row label={t('ocop.producer')} testId="info-ocop-producer">{String(p.producer)}</Row>
        <Row label={t('ocop.category')}>{t(`ocop.category.${String(p.category)}` as MessageKey)}</Row>
        <Row label={t('ocop.registeredYear')}>{String(p.registered_year)}</Row>
        <Row label={t('ocop.commune')}>{`${String(p.commune_name)}${p.district_name ? `, ${String(p.district_name)}` : ''}`}</Row>
        {p.unit2025_name ? <Row label={t('ocop.unit2025')}>{String(p.unit2025_name)}</Row> : null}
      </dl>
      <p className="muted">{t('ocop.illustrative')}</p>
    </article>
  );
}
