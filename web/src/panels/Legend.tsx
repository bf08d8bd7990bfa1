import type { CSSProperties } from 'react';
import type { CommuneStyleMode, SurvivalThresholds } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LAYERS, type LayerId } from '../lib/layers.ts';
import { buildLegend, type LegendItem } from '../lib/legend.ts';
import { PALETTES, type Palette } from '../layers/palette.ts';

export interface LegendProps {
  layers: readonly LayerId[];
  criterion: { no: number; name: string } | null;
  thresholds?: SurvivalThresholds;
  zoom: number | null;
  /** the commune style mode and its years */
  commune?: { mode: CommuneStyleMode; year: number | null; compare: number | null; targetYears?: readonly number[] };
  /** the village assessment shown with the commune year (the latest up to it; may differ) */
  villageYear?: number | null;
  /** the palette the map is drawn in; with onPalette, a choice of palette under the title */
  palette?: Palette;
  onPalette?(p: Palette): void;
}

function Swatch({ i }: { i: LegendItem }) {
  const style: CSSProperties = { background: i.color };
  if (i.size) Object.assign(style, { width: i.size, height: i.size });
  if (i.ring) Object.assign(style, { boxShadow: `0 0 0 2.5px ${i.ring}` });
  const cls = `swatch swatch--${i.shape}${i.strong ? ' swatch--strong' : ''}`;
  return <span className={cls} style={style} aria-hidden="true" />;
}

/**
 * The legend of the visible thematic layers, generated from the same class breaks and colours
 * as the map style (lib/legend.ts), so it can never disagree with the map.
 */
export function Legend({ layers, criterion, thresholds, zoom, commune, villageYear, palette, onPalette }: LegendProps) {
  const { t } = useI18n();
  const sections = buildLegend({ layers, criterion, thresholds, commune, palette });
  return (
    <section className="panel-section legend" aria-labelledby="legend-title" data-testid="legend">
      <h2 id="legend-title">{t('legend.title')}</h2>
      {onPalette ? (
        <label className="field legend-palette no-print">
          <span>{t('palette.label')}</span>
          <select value={palette ?? 'standard'} onChange={(e) => onPalette(e.target.value as Palette)} data-testid="palette-select">
            {PALETTES.map((p) => (
              <option key={p} value={p}>
                {t(`palette.${p}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {sections.length === 0 ? <p className="muted">{t('legend.empty')}</p> : null}
      {sections.map((s) => {
        const minzoom = LAYERS.find((l) => l.id === s.layer)?.minzoom ?? 0;
        const belowZoom = zoom != null && zoom < minzoom;
        return (
          <div key={s.layer} className={belowZoom ? 'legend-section legend-section--below-zoom' : 'legend-section'} data-testid={`legend-${s.layer}`}>
            <h3>{t(s.title, s.titleParams)}</h3>
            {/* the year of the data under every heading; villages say so when theirs is another year */}
            {s.layer === 'communes' && commune?.year != null ? (
              <p className="legend-year" data-testid="legend-year-communes">
                {t('legend.yearOf', { year: commune.year })}
              </p>
            ) : null}
            {s.layer === 'villages' && villageYear != null ? (
              <p className={villageYear !== commune?.year ? 'legend-year legend-year--other' : 'legend-year'} data-testid="legend-year-villages">
                {villageYear !== commune?.year && commune?.year != null ? t('legend.villageYearOther', { year: villageYear, asked: commune.year }) : t('legend.yearOf', { year: villageYear })}
              </p>
            ) : null}
            {belowZoom ? <p className="legend-zoom-hint">{t('legend.zoomIn', { z: minzoom })}</p> : null}
            <ul>
              {s.items.map((i) => (
                <li key={`${i.label}-${i.color}-${i.size ?? ''}`} data-color={i.color}>
                  <Swatch i={i} />
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
