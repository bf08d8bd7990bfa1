import type { FeatureDetail } from '../../../../server/domain/layers.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Row } from '../../panels/InfoParts.tsx';

/** A district (huyện, the city): its communes, those scored on the NTM criteria, its area. */
export default function DistrictInfo({ d }: { d: FeatureDetail }) {
  const { t, num } = useI18n();
  const p = d.properties;
  return (
    <article className="info-card" data-testid="info-district">
      <p className="info-kind">{t(p.kind === 'thanh_pho' ? 'layers.district.city' : 'kind.district')}</p>
      <h2 data-testid="info-title">{String(p.name)}</h2>
      <dl>
        <Row label={t('layers.district.communes')} testId="info-district-communes">
          {num(Number(p.communes))}
        </Row>
        <Row label={t('layers.district.communesInNtm')}>{num(Number(p.communes_in_ntm))}</Row>
        <Row label={t('info.area')}>{`${num(Number(p.area_ha))} ha`}</Row>
      </dl>
    </article>
  );
}
