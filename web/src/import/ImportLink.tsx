import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The header's link to the import screen, for administrators and editors. */
export function ImportLink() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!hasRole(me, 'admin') && !hasRole(me, 'editor')) return null;
  return (
    <a href="#/import" className="tool-button no-print" data-testid="open-import">
      {t('import.link')}
    </a>
  );
}
