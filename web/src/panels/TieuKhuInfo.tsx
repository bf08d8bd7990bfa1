/**
 * A tiểu khu (GET /api/tieukhu/:no): its commune, area, khoảnh, its lô by the class the map
 * draws, planted and accepted area, a link to its commune's replanting worklist, and its lô as
 * GIS files (GeoPackage, Shapefile, KML, GPX, CSV).
 */
import type { TieuKhuDetail } from '../../../server/domain/api.ts';
import { SURVIVAL_COLORS } from '../../../server/domain/classes.ts';
import { ApiRequestError } from '../api/http.ts';
import { forestApi } from '../forest/forestApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatHash, parseHash } from '../lib/urlState.ts';
import { useAsync } from '../state/useAsync.ts';
import { Row } from './InfoParts.tsx';
import { GisLinks } from '../export/GisLinks.tsx';
import { ogcFileUrl } from '../export/gisFiles.ts';

const CLASS_ORDER: TieuKhuDetail['byClass'][number]['cls'][] = ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn', 'none'];

/** The map's hash with the lô filter set to the commune's lô to replant (the worklist opens with it). */
function worklistHash(commune: string): string {
  const s = parseHash(location.hash);
  return formatHash({ ...s, plotFilter: { plantingYear: null, unit: commune, funding: null, classes: ['replant'] } }) || '#';
}

export function TieuKhuInfo({ no }: { no: number }) {
  const { t, num, pick, lang } = useI18n();
  const d = useAsync(`tieukhu:${no}`, (signal) => forestApi.tieuKhu(no, signal));
  if (d.status === 'error') {
    return (
      <article className="info-card">
        <p className="info-kind">{t('kind.tieukhu')}</p>
        <h2 data-testid="info-title">{t('field.tieuKhuTitle', { no })}</h2>
        <p className="form-message" role="alert">
          {d.error instanceof ApiRequestError ? pick(d.error.text) : t('info.error')}
        </p>
      </article>
    );
  }
  if (!d.data) return <p className="muted">{t('info.loading')}</p>;
  const x = d.data;
  const byClass = [...x.byClass].sort((a, b) => CLASS_ORDER.indexOf(a.cls) - CLASS_ORDER.indexOf(b.cls));
  return (
    <article className="info-card" data-testid="info-tieukhu">
      <p className="info-kind">{t('kind.tieukhu')}</p>
      <h2 data-testid="info-title">{t('field.tieuKhuTitle', { no: x.tk })}</h2>
      <dl>
        <Row label={t('info.commune')} testId="tk-commune">{`${x.commune.name} · ${x.district.name}`}</Row>
        <Row label={t('info.area')} testId="tk-area">
          {num(x.areaHa, 2)} ha
        </Row>
        <Row label={t('field.khoanhList')} testId="tk-khoanh">
          {x.khoanh.length} ({x.khoanh.map((k) => k.khoanh).join(', ')})
        </Row>
        <Row label={t('field.plotsTotal')}>{num(x.plots)}</Row>
        <Row label={t('field.plantedHa')} testId="tk-planted">
          {num(x.plantedHa, 2)} ha
        </Row>
        <Row label={t('field.acceptedHa')} testId="tk-accepted">
          {num(x.acceptedHa, 2)} ha
        </Row>
      </dl>
      <h3>{t('field.plotsByClass')}</h3>
      <ul className="tk-classes" data-testid="tk-classes">
        {byClass.map((c) => (
          <li key={c.cls}>
            <span className="score-swatch score-swatch--small" style={{ background: c.cls === 'none' ? '#e5e7eb' : SURVIVAL_COLORS[c.cls] }} aria-hidden="true" />
            <span>{c.cls === 'none' ? t('planner.cls.none') : t(`result.${c.cls}`)}</span>
            <span className="muted">
              {t('field.plotsHa', { n: num(c.plots), ha: num(c.areaHa, 2) })}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a className="small-button" href={worklistHash(x.commune.code)} data-testid="tk-worklist">
          {t('field.tkWorklist', { commune: x.commune.name })}
        </a>
      </p>
      <p className="inline-row" data-testid="tk-gis">
        <span className="muted small">{t('gis.tkFiles', { no: x.tk })}:</span>
        <GisLinks className="small-button" testId="tk-gis" url={(f) => ogcFileUrl('plots', { tk: x.tk }, f, lang)} />
      </p>
    </article>
  );
}
