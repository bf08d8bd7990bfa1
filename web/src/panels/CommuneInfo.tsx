import { COMMUNE_BANDS, communeBand } from '../../../server/domain/classes.ts';
import type { CommuneDetail } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { formatDate } from '../i18n/translate.ts';
import { Checklist, Row, Score } from './InfoParts.tsx';

const bandColor = (met: number) => COMMUNE_BANDS.find((b) => b.id === communeBand(met))!.color;

/** A commune (xã, phường, thị trấn): kind, district, criteria met in the year, level, rank. */
export function CommuneInfo({ d }: { d: CommuneDetail }) {
  const { t, num } = useI18n();
  const of = d.criteria.length || 19;
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
              {t(`level.${d.level}`)}
            </Row>
            {d.recognisedOn ? <Row label={t('info.recognisedOn')}>{formatDate(d.recognisedOn)}</Row> : null}
            {d.target ? <Row label={t('info.target')}>{`${t(`level.${d.target.level}`)} (${d.target.year})`}</Row> : null}
            {d.rank ? (
              <Row label={t('info.rank')}>
                {t('info.rankValue', { a: d.rank.inDistrict, b: d.rank.districtCount, c: d.rank.inProvince, d: d.rank.provinceCount })}
              </Row>
            ) : null}
          </dl>
          <Checklist criteria={d.criteria} />
          {d.history.length > 1 ? (
            <details className="history">
              <summary>{t('info.history')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('toolbar.year')}</th>
                    <th scope="col">{t('info.criteriaMet')}</th>
                    <th scope="col">{t('info.level')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.history.map((h) => (
                    <tr key={h.year}>
                      <td>{h.year}</td>
                      <td>{h.criteriaMet}</td>
                      <td>{t(`level.${h.level}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ) : null}
        </>
      )}
      {d.villages.length > 0 ? (
        <p className="muted">
          {t('info.villages')}: {d.villages.length}
        </p>
      ) : null}
    </article>
  );
}
