import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Selection } from '../lib/selection.ts';
import type { Detail } from '../state/useAtlasData.ts';
import type { AsyncState } from '../state/useAsync.ts';
import { CommuneInfo } from './CommuneInfo.tsx';
import { PlotInfo } from './PlotInfo.tsx';
import { pointOf, PointInfo } from './PointInfo.tsx';
import { TieuKhuInfo } from './TieuKhuInfo.tsx';
import { VillageInfo } from './VillageInfo.tsx';
import { FeatureInfo, featureDetailOf } from '../layers/FeatureInfo.tsx';

export interface InfoPanelProps {
  selection: Selection | null;
  detail: AsyncState<Detail> & { retry(): void };
  onClose(): void;
  /** open another place (the lô at a typed coordinate, a tiểu khu) */
  onSelect?(sel: Selection): void;
}

/** Details of what was picked on the map: a commune, a village or a lô. */
export function InfoPanel({ selection, detail, onClose, onSelect }: InfoPanelProps) {
  const { t, pick } = useI18n();
  if (!selection) {
    return <p className="info-empty">{t('info.empty')}</p>;
  }
  let body;
  const point = selection.kind === 'coordinate' ? pointOf(selection.id) : null;
  const tk = selection.kind === 'tieukhu' ? Number(selection.id.replace(/^tk:/, '')) : NaN;
  if (point) {
    body = <PointInfo lon={point[0]} lat={point[1]} onSelect={onSelect} />;
  } else if (Number.isInteger(tk) && tk > 0) {
    body = <TieuKhuInfo no={tk} />;
  } else if (detail.status === 'ready') {
    const d = detail.data;
    body = d.kind === 'commune' ? <CommuneInfo d={d.data} /> : d.kind === 'village' ? <VillageInfo d={d.data} /> : <PlotInfo d={d.data} />;
  } else if (detail.status === 'error') {
    const e = detail.error;
    body = (
      <div className="info-error" role="alert">
        <p>{e instanceof ApiRequestError ? pick(e.text) : t('info.error')}</p>
        <button type="button" onClick={detail.retry}>
          {t('app.retry')}
        </button>
      </div>
    );
  } else if (detail.status === 'loading') {
    body = <p className="muted">{t('info.loading')}</p>;
  } else if (featureDetailOf(selection)) {
    // a layer's own panel, fed by its detail SQL (web/src/layers/<id>/, docs/layers.md)
    const f = featureDetailOf(selection)!;
    body = <FeatureInfo layer={f.layer} id={f.id} />;
  } else {
    // kinds without a details endpoint (tiểu khu, khoảnh, coordinate from a link)
    body = (
      <article className="info-card">
        <p className="info-kind">{t(`kind.${selection.kind}`)}</p>
        <h2 data-testid="info-title">{selection.id.replace(/^(tk|k):/, '')}</h2>
      </article>
    );
  }
  return (
    <div className="info-panel" data-testid="info-panel" data-status={detail.status}>
      <button type="button" className="close-button" onClick={onClose} aria-label={t('info.close')} title={t('info.close')}>
        ×
      </button>
      {body}
    </div>
  );
}
