import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { LayerId } from '../types.ts';

/** The layers of each map of units: before the reorganisation of 1 July 2025, and from it. */
const BEFORE: readonly LayerId[] = ['communes', 'districts'];
const AFTER: readonly LayerId[] = ['units2025'];

/** Which map of units the layers show: 'after' when the 2025 units are on and the old communes off. */
export function eraOf(layers: readonly LayerId[]): 'before' | 'after' {
  return layers.includes('units2025') && !layers.includes('communes') ? 'after' : 'before';
}

/**
 * "Trước 1/7/2025 / Từ 1/7/2025": switches the map between the 102 old communes with their
 * districts and the 40 units of 1 July 2025 (the district level was abolished), in one step.
 */
export function EraSwitch({ layers, onToggle }: { layers: readonly LayerId[]; onToggle(id: LayerId, on: boolean): void }) {
  const { t } = useI18n();
  const era = eraOf(layers);
  const choose = (next: 'before' | 'after') => {
    if (next === era) return;
    const [on, off] = next === 'after' ? [AFTER, BEFORE] : [BEFORE, AFTER];
    for (const id of off) if (layers.includes(id)) onToggle(id, false);
    for (const id of on) if (!layers.includes(id)) onToggle(id, true);
  };
  return (
    <fieldset className="era-switch" data-testid="era-switch">
      <legend>{t('units2025.era.label')}</legend>
      {(['before', 'after'] as const).map((e) => (
        <label key={e} className={era === e ? 'era-option era-option--on' : 'era-option'}>
          <input type="radio" name="era" value={e} checked={era === e} onChange={() => choose(e)} data-testid={`era-${e}`} />
          {t(`units2025.era.${e}`)}
        </label>
      ))}
    </fieldset>
  );
}
