import type { SurvivalThresholds } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LAYERS, type LayerId } from '../lib/layers.ts';
import { buildLegend } from '../lib/legend.ts';

export interface LegendProps {
  layers: readonly LayerId[];
  criterion: { no: number; name: string } | null;
  thresholds?: SurvivalThresholds;
  zoom: number | null;
}

/**
 * The legend of the visible thematic layers, generated from the same class breaks and colours
 * as the map style (lib/legend.ts), so it can never disagree with the map.
 */
export function Legend({ layers, criterion, thresholds, zoom }: LegendProps) {
  const { t } = useI18n();
  const sections = buildLegend({ layers, criterion, thresholds });
  return (
    <section className="panel-section legend" aria-labelledby="legend-title" data-testid="legend">
      <h2 id="legend-title">{t('legend.title')}</h2>
      {sections.length === 0 ? <p className="muted">{t('legend.empty')}</p> : null}
      {sections.map((s) => {
        const minzoom = LAYERS.find((l) => l.id === s.layer)?.minzoom ?? 0;
        const belowZoom = zoom != null && zoom < minzoom;
        return (
          <div key={s.layer} className={belowZoom ? 'legend-section legend-section--below-zoom' : 'legend-section'}>
            <h3>{t(s.title, s.titleParams)}</h3>
            {belowZoom ? <p className="legend-zoom-hint">{t('legend.zoomIn', { z: minzoom })}</p> : null}
            <ul>
              {s.items.map((i) => (
                <li key={`${i.label}-${i.color}`}>
                  <span className={`swatch swatch--${i.shape}`} style={{ background: i.color }} aria-hidden="true" />
                  {t(i.label, i.params)}
                </li>
              ))}
            </ul>
            {s.note ? (
              <p className="legend-note">
                <span className="swatch swatch--circle swatch--strong" aria-hidden="true" />
                {t(s.note)}
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
