import type { CriteriaSetInfo } from '../../../server/domain/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Term } from '../i18n/Term.tsx';
import { LAYERS, type LayerId } from '../lib/layers.ts';

export interface LayerPanelProps {
  layers: readonly LayerId[];
  onToggle(id: LayerId, on: boolean): void;
  /** Current zoom (for the "shown from zoom" hints), null before the map reports one. */
  zoom: number | null;
  criteriaSet: CriteriaSetInfo | null;
  criterion: number | null;
  onCriterion(no: number | null): void;
}

const TERM_OF: Partial<Record<LayerId, 'tieukhu' | 'khoanh'>> = { tieukhu: 'tieukhu', khoanh: 'khoanh' };

/** The layer switches and the "colour communes by" choice. */
export function LayerPanel({ layers, onToggle, zoom, criteriaSet, criterion, onCriterion }: LayerPanelProps) {
  const { t, pick } = useI18n();
  return (
    <section className="panel-section" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers.title')}</h2>
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
      {criteriaSet && layers.includes('communes') ? (
        <label className="field">
          <span>{t('layers.colourBy')}</span>
          <select value={criterion ?? ''} onChange={(e) => onCriterion(e.target.value === '' ? null : Number(e.target.value))} data-testid="criterion-select">
            <option value="">{t('layers.allCriteria')}</option>
            {criteriaSet.criteria.map((c) => (
              <option key={c.no} value={c.no}>
                {t('layers.criterionN', { n: c.no, name: pick(c.name) })}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </section>
  );
}
