import { COMMUNE_BANDS, communeBand } from '../../../server/domain/classes.ts';
import type { CommuneDetail, NtmStatsResponse } from '../../../server/domain/api.ts';
import { PROVINCE_CODE } from '../../../server/domain/geo.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { formatDate } from '../i18n/translate.ts';
import { canEditCriteria } from '../ntm/canEdit.ts';
import { EditableCriteria, useFreshDetail } from '../ntm/EditableCriteria.tsx';
import { HistoryChart } from '../ntm/HistoryChart.tsx';
import { api } from '../api/client.ts';
import { ntmApi } from '../ntm/ntmApi.ts';
import { useAsync } from '../state/useAsync.ts';
import { Row, Score } from './InfoParts.tsx';

const bandColor = (met: number) => COMMUNE_BANDS.find((b) => b.id === communeBand(met))!.color;

/**
 * A commune (xã, phường, thị trấn): criteria met in the year with the checklist (first year met,
 * evidence, an edit button for editors in scope), level and recognition, criteria over the years,
 * rank in district and province, and the district's figures beside it.
 */
export function CommuneInfo({ d: given }: { d: CommuneDetail }) {
  const { t, num } = useI18n();
  const { me } = useSession();
  // after an edit (here or elsewhere on the page) the record and the district figures are read again
  const { d, revision } = useFreshDetail(given, api.commune);
  const district: NtmStatsResponse | null = useAsync(
    given.inNtmProgramme && given.criteriaMet != null ? `district:${given.district.code}:${given.year}:${revision}` : null,
    (signal) => ntmApi.districtStats(given.year, given.district.code, signal),
  ).data;

  const of = d.criteria.length || 19;
  const canEdit = d.inNtmProgramme && canEditCriteria(me, [d.code, d.district.code, PROVINCE_CODE]);
  const dist = district?.districts.find((x) => x.code === d.district.code) ?? null;
  const meetsNotRecognised = d.criteriaMet != null && d.criteriaMet === of && !d.recognisedOn;
  return (
    <article className="info-card" data-testid="info-commune">
      <p className="info-kind">{t(`kindName.${d.kind}`)}</p>
      <h2 data-testid="info-title">{d.name}</h2>
      <dl>
        <Row label={t('info.district')}>{d.district.name}</Row>
        <Row label={t('info.area')}>{num(d.areaHa)} ha</Row>
      </dl>
      {!d.inNtmProgramme ? (
        <p className="note">{t('info.notInProgramme')}</p>
      ) : d.criteriaMet == null ? (
        <p className="note">{t('info.noAssessment')}</p>
      ) : (
        <>
          <h3 className="info-year">
            <Term id="ntm" /> · {t('info.year', { year: d.year })}
          </h3>
          <Score met={d.criteriaMet} of={of} color={bandColor(d.criteriaMet)} label={t('info.criteriaMet')} testId="info-criteria" />
          <dl>
            <Row label={t('info.level')} testId="info-level">
              {meetsNotRecognised ? t('ntm.info.meetsNotRecognised') : t(`level.${d.level}`)}
            </Row>
            {d.recognisedOn ? <Row label={t('info.recognisedOn')}>{formatDate(d.recognisedOn)}</Row> : null}
            {d.target ? <Row label={t('info.target')}>{`${t(`level.${d.target.level}`)} (${d.target.year})`}</Row> : null}
            {d.rank ? (
              <Row label={t('info.rank')} testId="info-rank">
                {t('info.rankValue', { a: d.rank.inDistrict, b: d.rank.districtCount, c: d.rank.inProvince, d: d.rank.provinceCount })}
              </Row>
            ) : null}
          </dl>
          {dist && district ? (
            <div className="ntm-district-figures" data-testid="info-district-figures">
              <h4>{t('ntm.info.districtFigures', { name: d.district.name, year: d.year })}</h4>
              <dl>
                <Row label={t('ntm.info.districtAverage')}>
                  {num(dist.averageCriteria, 1)} · {t('ntm.info.provinceAverage')} {num(district.province.averageCriteria, 1)}
                </Row>
                <Row label={t('ntm.info.districtRecognised')}>{`${dist.recognised}/${dist.communes}`}</Row>
              </dl>
            </div>
          ) : null}
          <EditableCriteria kind="commune" d={d} canEdit={canEdit} />
          <HistoryChart points={d.history} max={of} highlightYear={d.year} testId="info-history-chart" />
        </>
      )}
      {d.villages.length > 0 ? (
        <p className="muted">
          {t('info.villages')}: {d.villages.length}
        </p>
      ) : null}
      <CommuneRecords d={d} />
    </article>
  );
}

/** The commune's report records: cultural facilities, its 2023 village plan, scattered trees. */
function CommuneRecords({ d }: { d: CommuneDetail }) {
  const { t, num } = useI18n();
  const r = d.records;
  const infra = r.infrastructure;
  if (!infra && !r.villagePlans.length && !r.scatteredTrees.length) return null;
  return (
    <>
      {infra ? (
        <>
          <h3 className="info-year">{t('infra.title', { date: infra.asOf ? formatDate(infra.asOf) : '' })}</h3>
          <dl data-testid="info-commune-infrastructure">
            {infra.communeCultureHouse ? <Row label={t('infra.communeHouse')}>{t(`infra.communeHouse.${infra.communeCultureHouse}`)}</Row> : null}
            {infra.ethnicMinorityVillages > 0 ? <Row label={t('infra.nhaRongVillages')}>{t('infra.ofVillages', { n: num(infra.nhaRong), of: num(infra.ethnicMinorityVillages) })}</Row> : null}
            <Row label={t('infra.bothVillages')}>{t('infra.ofVillages', { n: num(infra.cultureHouseAndSportsGround), of: num(infra.villages) })}</Row>
            <Row label={t('infra.culturalAreas')}>{t('infra.ofVillages', { n: num(infra.culturalAreaRecognised), of: num(infra.villages) })}</Row>
          </dl>
        </>
      ) : null}
      {r.villagePlans.length || r.scatteredTrees.length ? (
        <dl data-testid="info-commune-records">
          {r.villagePlans.map((p) => (
            <Row key={`plan${p.year}`} label={t('infra.villagePlan', { year: p.year })}>{t(p.built ? 'infra.planBuilt' : 'infra.planMissing')}</Row>
          ))}
          {r.scatteredTrees.map((s) => (
            <Row key={`trees${s.year}`} label={t('infra.scatteredTrees', { year: s.year })}>
              {s.treesAlive != null && s.survivalPct != null
                ? t('infra.treesAlive', { n: num(s.treesPlanted), alive: num(s.treesAlive), pct: num(s.survivalPct, 1) })
                : t('infra.treesPlanted', { n: num(s.treesPlanted) })}
              {s.inspectedOn ? ` · ${t('infra.inspectedOn', { date: formatDate(s.inspectedOn) })}` : ''}
              {s.selfChecked === false ? ` · ${t('infra.notSelfChecked')}` : ''}
            </Row>
          ))}
        </dl>
      ) : null}
    </>
  );
}
