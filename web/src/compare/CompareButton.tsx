import { useI18n } from '../i18n/I18nProvider.tsx';

/** The header's way into the compare view (and out of it): small, in the first load; the view itself loads lazily. */
export function CompareButton({ active, onToggle }: { active: boolean; onToggle(): void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="tool-button compare-button no-print" aria-pressed={active} onClick={onToggle} data-testid="compare-open">
      {active ? t('compare.close') : t('compare.open')}
    </button>
  );
}
