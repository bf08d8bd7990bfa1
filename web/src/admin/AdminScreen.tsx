import { useState } from 'react';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.tsx';
import { hasRole } from '../auth/session.ts';
import { SignInForm } from '../auth/SignInForm.tsx';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import '../auth/auth.css';
import './admin.css';

type Tab = 'users' | 'audit' | 'settings';
const TAB_LABELS = { users: 'admin.tabUsers', audit: 'admin.tabAudit', settings: 'admin.tabSettings' } as const;

/**
 * '#/admin': users (create, roles and scopes, password reset, disable) and the audit trail
 * (filters, CSV). Signs in on the spot when needed; refuses accounts without the admin role.
 */
export function AdminScreen() {
  const { t } = useI18n();
  const session = useSession();
  const [tab, setTab] = useState<Tab>('users');
  const me = session.me;

  let body;
  if (session.status === 'loading') {
    body = <p className="muted">{t('admin.loading')}</p>;
  } else if (!me?.user) {
    body = (
      <div className="admin-gate">
        <p>{session.expired ? t('auth.sessionExpired') : t('admin.needSignIn')}</p>
        <SignInForm />
      </div>
    );
  } else if (me.user.mustChangePassword) {
    body = (
      <div className="admin-gate">
        <p className="form-notice">{t('auth.mustChange')}</p>
        <ChangePasswordForm />
      </div>
    );
  } else if (!hasRole(me, 'admin')) {
    body = (
      <p className="form-notice" role="alert" data-testid="admin-refused">
        {t('admin.needAdmin')}
      </p>
    );
  } else {
    body = (
      <>
        <div className="admin-tabs" role="tablist" aria-label={t('admin.title')}>
          {(['users', 'audit', 'settings'] as const).map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`admin-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`admin-panel-${id}`}
              onClick={() => setTab(id)}
              data-testid={`admin-tab-${id}`}
            >
              {t(TAB_LABELS[id])}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} className="admin-panel">
          {tab === 'users' ? <UsersPanel selfId={me.user.id} /> : tab === 'audit' ? <AuditPanel /> : <SettingsPanel />}
        </div>
      </>
    );
  }

  return (
    <section className="admin" aria-labelledby="admin-title" data-testid="admin-screen">
      <div className="admin-head">
        <h2 id="admin-title">{t('admin.title')}</h2>
        <a href="#" className="admin-back">
          {t('admin.backToMap')}
        </a>
      </div>
      {body}
    </section>
  );
}
