import type { CriteriaSetInfo } from '../../../server/domain/api.ts';
import { COMMUNE_STYLE_MODES, type CommuneStyleMode } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { LAYERS, type LayerId } from '../lib/layers.ts';
import { GisExportMenu } from '../export/GisExportMenu.tsx';
import { EraSwitch } from '../layers/units2025/EraSwitch.tsx';

export interface LayerPanelProps {
  layers: readonly LayerId[];
  onToggle(id: LayerId, on: boolean): void;
  /** Current zoom (for the "shown from zoom" hints), null before the map reports one. */
  zoom: number | null;
  criteriaSet: CriteriaSetInfo | null;
  criterion: number | null;
  onCriterion(no: number | null): void;
  /** How communes are coloured; absent: the criteria select alone (older callers). */
  commune?: {
    mode: CommuneStyleMode;
    onMode(mode: CommuneStyleMode): void;
    /** the year shown and the years with data, for the "compared with" choice */
    year: number | null;
    years: readonly number[];
    compare: number | null;
    onCompare(year: number | null): void;
  };
}

const TERM_OF: Partial<Record<LayerId, 'tieukhu' | 'khoanh'>> = { tieukhu: 'tieukhu', khoanh: 'khoanh' };

/** The layer switches and the "colour communes by" choice (style, criterion, year to compare with). */
export function LayerPanel({ layers, onToggle, zoom, criteriaSet, criterion, onCriterion, commune }: LayerPanelProps) {
  const { t, pick } = useI18n();
  const mode = commune?.mode ?? (criterion != null ? 'criterion' : 'count');
  const criterionSelect = criteriaSet ? (
    <label className="field">
      <span>{commune ? t('ntm.style.criterionPick') : t('layers.colourBy')}</span>
      <select value={criterion ?? ''} onChange={(e) => onCriterion(e.target.value === '' ? null : Number(e.target.value))} data-testid="criterion-select">
        <option value="">{t('layers.allCriteria')}</option>
        {criteriaSet.criteria.map((c) => (
          <option key={c.no} value={c.no}>
            {t('layers.criterionN', { n: c.no, name: pick(c.name) })}
          </option>
        ))}
      </select>
    </label>
  ) : null;
  const earlier = commune ? commune.years.filter((y) => commune.year == null || y < commune.year) : [];
  return (
    <section className="panel-section" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers.title')}</h2>
      <EraSwitch layers={layers} onToggle={onToggle} />
      <ul className="layer-list">
        {LAYERS.map((l) => {
          const on = layers.includes(l.id);
          const belowZoom = l.minzoom > 0 && zoom != null && zoom < l.minzoom;
          const term = TERM_OF[l.id];
          return (
            <li key={l.id} className={belowZoom ? 'layer layer--below-zoom' : 'layer'}>
              <label>
                <input type="checkbox" checked={on} onChange={(e) => onToggle(l.id, e.target.checked)} data-testid={`layer-${l.id}`} />
                <span className="layer-name">{term ? <Term id={term} /> : t(l.label)}</span>
              </label>
              {l.minzoom > 0 ? <span className="layer-hint">{t('layers.fromZoom', { z: l.minzoom })}</span> : null}
            </li>
          );
        })}
      </ul>
      {layers.includes('communes') && commune ? (
        <div className="ntm-style-fields">
          <label className="field">
            <span>{t('ntm.style.label')}</span>
            <select value={mode} onChange={(e) => commune.onMode(e.target.value as CommuneStyleMode)} data-testid="style-select">
              {COMMUNE_STYLE_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`ntm.style.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {mode === 'criterion' ? criterionSelect : null}
          {mode === 'change' ? (
            <label className="field">
              <span>{t('ntm.style.compareWith')}</span>
              <select
                value={commune.compare ?? ''}
                onChange={(e) => commune.onCompare(e.target.value === '' ? null : Number(e.target.value))}
                data-testid="compare-select"
              >
                <option value="">—</option>
                {earlier.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      ) : layers.includes('communes') ? (
        criterionSelect
      ) : null}
      <p className="ntm-tables-link no-print">
        <a href="#/ntm" data-testid="ntm-tables-link">
          {t('ntm.style.tablesLink')} →
        </a>
      </p>
      <GisExportMenu />
    </section>
  );
}
