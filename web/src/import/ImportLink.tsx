import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * The header's link to the import screen, for administrators and editors. It carries an icon so
 * that on a phone (and on a laptop below 1600 px) it stays in the header as the icon alone, its
 * label kept for screen readers and as the tooltip.
 */
export function ImportLink() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!hasRole(me, 'admin') && !hasRole(me, 'editor')) return null;
  return (
    <a href="#/import" className="tool-button no-print" title={t('import.link')} data-testid="open-import">
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path d="M12 3v12M7 10l5 5 5-5M4 17v3h16v-3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>{' '}
      <span className="tool-label">{t('import.link')}</span>
    </a>
  );
}
