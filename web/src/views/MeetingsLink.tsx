import { useI18n } from '../i18n/I18nProvider.tsx';

/** The header's way to saved views and briefings ('#/views'). */
export function MeetingsLink() {
  const { t } = useI18n();
  return (
    <a className="tool-button" href="#/views" title={t('meetings.hint')} data-testid="meetings-open">
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path d="M3 4h18v11H3zM12 15v5M8 20h8" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      </svg>{' '}
      <span className="tool-label">{t('meetings.open')}</span>
    </a>
  );
}
