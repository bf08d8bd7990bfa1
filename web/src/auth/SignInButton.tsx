import { useEffect, useRef, useState } from 'react';
import type { Role } from '../../../server/auth/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { Dialog } from './Dialog.tsx';
import { hasRole, signOut } from './session.ts';
import { SignInForm } from './SignInForm.tsx';
import { useSession } from './useSession.ts';
import './auth.css';

/** i18n key of each role's name. */
export const ROLE_KEYS: Record<Role, MessageKey> = {
  viewer: 'auth.role.viewer',
  planner: 'auth.role.planner',
  inspector: 'auth.role.inspector',
  editor: 'auth.role.editor',
  admin: 'auth.role.admin',
};

/**
 * The header's account control: "Sign in" (opens the sign-in dialog) for visitors; for a
 * signed-in user, their name with a menu: roles and scopes, administration (admins), change
 * password, sign out. A temporary password opens the change-password dialog at once; an
 * expired session reopens the sign-in dialog with a notice.
 */
export function SignInButton() {
  const { t } = useI18n();
  const session = useSession();
  const [dialog, setDialog] = useState<'signIn' | 'password' | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const me = session.me;
  const mustChange = me?.user?.mustChangePassword ?? false;

  useEffect(() => {
    if (session.expired && !me) setDialog('signIn');
  }, [session.expired, me]);

  // the menu closes on a click outside it or on Escape
  useEffect(() => {
    const close = (e: Event) => {
      const d = menu.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !d.contains(e.target as Node)) d.open = false;
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const closeMenu = () => {
    if (menu.current) menu.current.open = false;
  };

  if (session.status === 'loading') return null;

  if (!me?.user) {
    return (
      <>
        <button type="button" className="tool-button" onClick={() => setDialog('signIn')} data-testid="sign-in">
          <PersonIcon /> <span className="tool-label">{t('auth.signIn')}</span>
        </button>
        {dialog === 'signIn' ? (
          <Dialog title={t('auth.dialogTitle')} onClose={() => setDialog(null)} testId="sign-in-dialog">
            {session.expired ? <p className="form-notice">{t('auth.sessionExpired')}</p> : <p className="muted">{t('auth.readOnlyHint')}</p>}
            <SignInForm onDone={() => setDialog(null)} />
          </Dialog>
        ) : null}
      </>
    );
  }

  const user = me.user;
  return (
    <>
      <details className="account-menu" data-testid="account-menu" ref={menu}>
        <summary className="tool-button" title={t('auth.account')}>
          <PersonIcon /> <span className="tool-label" data-testid="account-name">{user.displayName}</span>
        </summary>
        <div className="account-menu-body" onClick={closeMenu}>
          <p className="account-who">
            <strong>{user.username}</strong>
            <span className="muted">{me.roles.map((r) => t(ROLE_KEYS[r])).join(', ')}</span>
            {me.scopes.length ? <span className="muted">{t('auth.scopes')}: {me.scopes.map((s) => s.name ?? s.code).join(', ')}</span> : null}
          </p>
          {hasRole(me, 'admin') ? (
            <a href="#/admin" data-testid="open-admin">
              {t('auth.admin')}
            </a>
          ) : null}
          <button type="button" onClick={() => setDialog('password')}>
            {t('auth.changePassword')}
          </button>
          <button type="button" onClick={() => void signOut()} data-testid="sign-out">
            {t('auth.signOut')}
          </button>
        </div>
      </details>
      {dialog === 'password' || mustChange ? (
        <Dialog title={t('auth.changePassword')} onClose={() => setDialog(null)} forced={mustChange} testId="change-password-dialog">
          {mustChange ? <p className="form-notice">{t('auth.mustChange')}</p> : null}
          <ChangePasswordForm onDone={() => setDialog(null)} />
        </Dialog>
      ) : null}
    </>
  );
}

function PersonIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
