/**
 * A typed coordinate (search "14.35, 108.00", "1.579.062,9 555.085,3"): the pin on the map and
 * what lies there — commune, tiểu khu, khoảnh and the lô (a tap opens it), WGS 84 and VN-2000.
 */
import { useEffect } from 'react';
import type { LocateResponse } from '../../../server/domain/api.ts';
import { api } from '../api/client.ts';
import { ApiRequestError } from '../api/http.ts';
import { fieldStore } from '../forest/fieldStore.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Selection } from '../lib/selection.ts';
import { useAsync } from '../state/useAsync.ts';
import { Row } from './InfoParts.tsx';

/** The place a point falls in: the lô (a button that opens it), else the tiểu khu and khoảnh. */
export function ForestPlace({ at, onOpenPlot }: { at: LocateResponse; onOpenPlot(id: number): void }) {
  if (at.plot) {
    return (
      <button type="button" className="link-button" onClick={() => onOpenPlot(at.plot!.id)} data-testid="place-plot">
        {at.plot.label}
      </button>
    );
  }
  return <>{at.tieukhu != null ? `TK ${at.tieukhu}${at.khoanh != null ? ` · K ${at.khoanh}` : ''}` : '—'}</>;
}

/** "108.0021,14.3512" (a coordinate selection's id) → [lon, lat], or null. */
export function pointOf(id: string): [number, number] | null {
  const [lon, lat] = id.split(',').map(Number);
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon!, lat!] : null;
}

export function PointInfo({ lon, lat, onSelect }: { lon: number; lat: number; onSelect?(sel: Selection): void }) {
  const { t, num, pick } = useI18n();
  const at = useAsync(`locate:${lon},${lat}`, (signal) => api.locate(lon, lat, signal));
  useEffect(() => {
    fieldStore.setPin([lon, lat]);
    return () => fieldStore.setPin(null);
  }, [lon, lat]);
  return (
    <article className="info-card" data-testid="info-point">
      <p className="info-kind">{t('kind.coordinate')}</p>
      <h2 data-testid="info-title">
        {lat.toFixed(6)}, {lon.toFixed(6)}
      </h2>
      {at.status === 'error' ? <p className="form-message">{at.error instanceof ApiRequestError ? pick(at.error.text) : t('info.error')}</p> : null}
      {at.data ? (
        <dl>
          <Row label={t('field.inPlot')} testId="point-forest">
            <ForestPlace at={at.data} onOpenPlot={(id) => onSelect?.({ kind: 'plot', id: String(id) })} />
          </Row>
          {at.data.plot && at.data.tieukhu != null ? (
            <Row label={t('kind.tieukhu')}>
              <button type="button" className="link-button" onClick={() => onSelect?.({ kind: 'tieukhu', id: `tk:${at.data!.tieukhu}` })}>
                {at.data.tieukhu}
              </button>
              {at.data.khoanh != null ? ` · K ${at.data.khoanh}` : ''}
            </Row>
          ) : null}
          <Row label={t('info.commune')} testId="point-commune">
            {at.data.commune ? `${at.data.commune.name} · ${at.data.district?.name ?? ''}` : t('forest.outsideProvince')}
          </Row>
          <Row label="VN-2000">
            {at.data.vn2000 ? `X = ${num(at.data.vn2000.x, 1)} m, Y = ${num(at.data.vn2000.y, 1)} m` : t('offline.vn2000Online')}
          </Row>
        </dl>
      ) : at.status === 'loading' ? (
        <p className="muted">{t('info.loading')}</p>
      ) : null}
    </article>
  );
}
