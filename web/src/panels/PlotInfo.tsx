import { SURVIVAL_COLORS } from '../../../server/domain/classes.ts';
import type { PlotDetail } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { formatDate } from '../i18n/translate.ts';
import { plotSummary } from '../lib/plotSummary.ts';
import { Row } from './InfoParts.tsx';

/** A lô: TK / K / L, area, forest function, its latest planting with class and survival. */
export function PlotInfo({ d }: { d: PlotDetail }) {
  const { t, num } = useI18n();
  const { planting, inspection } = plotSummary(d);
  return (
    <article className="info-card" data-testid="info-plot">
      <p className="info-kind">
        <Term id="lo" />
      </p>
      <h2 data-testid="info-title">{d.label}</h2>
      <dl>
        <Row label={<Term id="tieukhu" />}>{d.tk}</Row>
        <Row label={<Term id="khoanh" />}>{d.khoanh}</Row>
        <Row label={<Term id="lo" />}>{d.lo}</Row>
        <Row label={t('info.commune')}>{`${d.commune.name} · ${d.district.name}`}</Row>
        <Row label={t('info.area')} testId="info-area">
          {num(d.dtich, 2)} ha
        </Row>
        <Row label={t('info.function')}>{t(`function.${d.forestFunction}`)}</Row>
        {d.ldlr ? <Row label={t('info.landUse')}>{d.ldlr}</Row> : null}
        {d.churung ? <Row label={t('info.owner')}>{d.churung}</Row> : null}
      </dl>
      <h3>{t('info.plantings')}</h3>
      {planting == null ? (
        <p className="note">{t('info.noPlanting')}</p>
      ) : (
        <>
          <div className="score" data-testid="info-class">
            <span className="score-swatch" style={{ background: SURVIVAL_COLORS[planting.cls] }} aria-hidden="true" />
            <span className="score-value score-value--text">{t(`result.${planting.cls}`)}</span>
            <span className="score-label">{t('info.year', { year: planting.year })}</span>
          </div>
          <dl>
            <Row label={t('info.survival')} testId="info-survival">
              {inspection ? `${num(inspection.survivalPct, 1)} %` : t('info.noInspection')}
            </Row>
            {inspection ? <Row label={t('info.inspectedOn')}>{`${formatDate(inspection.inspectedOn)} (${t('info.stage')} ${inspection.stage})`}</Row> : null}
            <Row label={t('info.species')}>{planting.species}</Row>
            <Row label={t('info.area')}>{num(planting.areaHa, 2)} ha</Row>
            <Row label={t('info.funding')}>{t(`funding.${planting.funding}`)}</Row>
            {planting.household ? <Row label={t('info.household')}>{planting.household}</Row> : null}
            {planting.withdrawnOn ? <Row label={t('result.withdrawn')}>{t('info.withdrawnOn', { date: formatDate(planting.withdrawnOn) })}</Row> : null}
          </dl>
          {d.plantings.length > 1 ? (
            <p className="muted">
              {t('info.plantingCount', { n: d.plantings.length })}
            </p>
          ) : null}
        </>
      )}
    </article>
  );
}
