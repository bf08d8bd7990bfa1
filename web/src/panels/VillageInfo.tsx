import { villageBandColor } from '../../../server/domain/classes.ts';
import type { VillageDetail } from '../../../server/domain/api.ts';
import { PROVINCE_CODE } from '../../../server/domain/geo.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDate } from '../i18n/translate.ts';
import { rgbToHex } from '../lib/color.ts';
import { canEditCriteria } from '../ntm/canEdit.ts';
import { EditableCriteria, useFreshDetail } from '../ntm/EditableCriteria.tsx';
import { api } from '../api/client.ts';
import { HistoryChart } from '../ntm/HistoryChart.tsx';
import { Row, Score } from './InfoParts.tsx';

/**
 * A village (thôn, làng): commune, pilot tier, criteria met of 10 in the year with its
 * checklist (editable by editors in scope), recognition, target years and the years before.
 */
export function VillageInfo({ d: given }: { d: VillageDetail }) {
  const { t, num } = useI18n();
  const { me } = useSession();
  const { d } = useFreshDetail(given, api.village);

  const of = d.criteria.length || 10;
  const canEdit = canEditCriteria(me, [d.commune.code, d.district.code, PROVINCE_CODE]);
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
        {d.targetYears.length ? <Row label={t('ntm.info.targetYears')}>{d.targetYears.join(', ')}</Row> : null}
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
      {d.infrastructure ? (
        <>
          <h3 className="info-year">{t('infra.title', { date: formatDate(d.infrastructure.asOf) })}</h3>
          <dl data-testid="info-infrastructure">
            {d.ethnicMinority ? <Row label={t('infra.nhaRong')}>{t(d.infrastructure.nhaRong ? 'infra.yes' : 'infra.no')}</Row> : null}
            <Row label={t('infra.cultureHouse')}>{t(d.infrastructure.cultureHouse ? 'infra.yes' : 'infra.no')}</Row>
            <Row label={t('infra.sportsGround')}>{t(d.infrastructure.sportsGround ? 'infra.yes' : 'infra.no')}</Row>
            <Row label={t('infra.culturalArea')}>{t(d.infrastructure.culturalAreaRecognised ? 'infra.recognised' : 'infra.notRecognised')}</Row>
          </dl>
        </>
      ) : null}
      <EditableCriteria kind="village" d={d} canEdit={canEdit} />
      {d.history.length > 1 ? <HistoryChart points={d.history} max={of} highlightYear={d.year} testId="info-history-chart" /> : null}
    </article>
  );
}
