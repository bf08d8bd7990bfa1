import { villageBandColor } from '../../../server/domain/classes.ts';
import type { VillageDetail } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { rgbToHex } from '../lib/color.ts';
import { Checklist, Row, Score } from './InfoParts.tsx';

/** A village (thôn, làng): commune, criteria met of 10 in the year, pilot tier, recognition. */
export function VillageInfo({ d }: { d: VillageDetail }) {
  const { t, num } = useI18n();
  const of = d.criteria.length || 10;
  return (
    <article className="info-card" data-testid="info-village">
      <p className="info-kind">{t(`villageKind.${d.kind}`)}</p>
      <h2 data-testid="info-title">{d.name}</h2>
      <dl>
        <Row label={t('info.commune')}>{d.commune.name}</Row>
        <Row label={t('info.district')}>{d.district.name}</Row>
        <Row label={t('info.tier')} testId="info-tier">
          {t(`tier.${d.pilotTier ?? 'none'}`)}
        </Row>
        {d.ethnicMinority ? <Row label={t('info.ethnic')}>{d.mainEthnic ?? '✓'}</Row> : null}
        {d.households != null ? <Row label={t('info.households')}>{num(d.households)}</Row> : null}
      </dl>
      <h3 className="info-year">{t('info.year', { year: d.year })}</h3>
      {d.criteriaMet == null ? (
        <p className="note">{t('info.noAssessment')}</p>
      ) : (
        <Score met={d.criteriaMet} of={of} color={rgbToHex(villageBandColor(d.criteriaMet))} label={t('info.criteriaMet')} testId="info-criteria" />
      )}
      {d.recognition ? (
        <dl>
          <Row label={t('info.recognised')}>{`${t(`level.${d.recognition.level}`)} · ${formatDate(d.recognition.recognisedOn)}`}</Row>
        </dl>
      ) : null}
      <Checklist criteria={d.criteria} />
    </article>
  );
}
