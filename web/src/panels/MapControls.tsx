import { useI18n } from '../i18n/I18nProvider.tsx';

/** Zoom and whole-province buttons over the map, large enough for a finger. */
export function MapControls({ onZoom, onReset }: { onZoom(delta: number): void; onReset(): void }) {
  const { t } = useI18n();
  return (
    <div className="map-controls" role="group">
      <button type="button" onClick={() => onZoom(1)} aria-label={t('map.zoomIn')} title={t('map.zoomIn')}>
        +
      </button>
      <button type="button" onClick={() => onZoom(-1)} aria-label={t('map.zoomOut')} title={t('map.zoomOut')}>
        −
      </button>
      <button type="button" onClick={onReset} aria-label={t('map.resetView')} title={t('map.resetView')} className="map-controls-reset">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </button>
    </div>
  );
}
