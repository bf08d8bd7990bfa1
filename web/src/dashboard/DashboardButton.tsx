import { useI18n } from '../i18n/I18nProvider.tsx';
import { setDashboardOpen, useDashboardOpen } from './store.ts';

/** The header's "Biểu đồ" switch: opens the dashboard beside the map (a sheet on a phone). */
export function DashboardButton({ tab = false }: { tab?: boolean }) {
  const { t } = useI18n();
  const open = useDashboardOpen();
  if (tab) {
    // a phone's header has no room for labelled tools: the sheet's tab bar carries it
    return (
      <button type="button" aria-pressed={open} onClick={() => setDashboardOpen(!open)} data-testid="dashboard-tab">
        {t('dash.open')}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="tool-button no-print"
      aria-pressed={open}
      title={t('dash.hint')}
      onClick={() => setDashboardOpen(!open)}
      data-testid="dashboard-toggle"
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>{' '}
      <span className="tool-label">{t('dash.open')}</span>
    </button>
  );
}
