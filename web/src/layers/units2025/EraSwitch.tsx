import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { LayerId } from '../types.ts';
import { ERA_LAYERS, eraOf } from './era.ts';

/**
 * "Trước 1/7/2025 / Từ 1/7/2025": switches the map between the 102 old communes with their
 * districts and the 40 units of 1 July 2025 (the district level was abolished), in one step.
 */
export function EraSwitch({ layers, onToggle }: { layers: readonly LayerId[]; onToggle(id: LayerId, on: boolean): void }) {
  const { t } = useI18n();
  const era = eraOf(layers);
  const choose = (next: 'before' | 'after') => {
    if (next === era) return;
    const [on, off] = next === 'after' ? [ERA_LAYERS.after, ERA_LAYERS.before] : [ERA_LAYERS.before, ERA_LAYERS.after];
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
