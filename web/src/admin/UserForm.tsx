import { useState, type FormEvent } from 'react';
import { ROLES, SCOPED_ROLES, type Role } from '../../../server/domain/roles.ts';
import type { UnitOption, UserRecord, UserWithPassword } from '../../../server/auth/contract.ts';
import { ROLE_KEYS } from '../auth/SignInButton.tsx';
import { ApiRequestError, errorText, send } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { ScopePicker } from './ScopePicker.tsx';

const ROLE_HINTS: Record<Role, MessageKey> = {
  viewer: 'admin.roleHint.viewer',
  planner: 'admin.roleHint.planner',
  inspector: 'admin.roleHint.inspector',
  editor: 'admin.roleHint.editor',
  admin: 'admin.roleHint.admin',
};

/**
 * Creates a user (username, name, roles, scopes, optional password) or edits one (name, roles,
 * scopes) with the version it was loaded at: a 409 reports that someone else changed it and
 * hands the current record back through onConflict.
 */
export function UserForm({
  user,
  units,
  onSaved,
  onCancel,
  onConflict,
}: {
  user: UserRecord | null;
  units: UnitOption[];
  onSaved(result: { user: UserRecord; password: string | null }): void;
  onCancel(): void;
  onConflict(current: UserRecord | null): void;
}) {
  const { t, pick } = useI18n();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? ['viewer']);
  const [scopes, setScopes] = useState<string[]>(user?.scopes.map((s) => s.code) ?? []);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsScope = roles.some((r) => SCOPED_ROLES.includes(r));

  const toggle = (r: Role, on: boolean) => setRoles((rs) => (on ? [...rs, r] : rs.filter((x) => x !== r)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (user) {
        const saved = await send<UserRecord>('PATCH', `/api/admin/users/${user.id}`, { version: user.version, displayName, roles, scopes });
        onSaved({ user: saved, password: null });
      } else {
        const created = await send<UserWithPassword>('POST', '/api/admin/users', {
          username,
          displayName,
          roles,
          scopes,
          ...(password ? { password } : {}),
        });
        onSaved(created);
      }
    } catch (err) {
      setError(errorText(err, pick, t('app.unreachable')));
      if (err instanceof ApiRequestError && err.status === 409 && user) onConflict((err.body?.current as UserRecord | undefined) ?? null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={submit} data-testid="user-form">
      <h3>{user ? t('admin.users.editTitle', { name: user.username }) : t('admin.users.add')}</h3>
      {user ? null : (
        <label className="field-block">
          <span>{t('auth.username')}</span>
          <input
            required
            minLength={3}
            maxLength={40}
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="user-username"
          />
          <small className="muted">{t('admin.users.usernameHint')}</small>
        </label>
      )}
      <label className="field-block">
        <span>{t('admin.users.displayName')}</span>
        <input required maxLength={100} value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-display-name" />
      </label>
      <fieldset className="role-choices">
        <legend>{t('auth.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => toggle(r, e.target.checked)} data-testid={`role-${r}`} />
            <span>
              <strong>{t(ROLE_KEYS[r])}</strong> <span className="muted">{t(ROLE_HINTS[r])}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('auth.scopes')}</legend>
        <p className="muted">{t('admin.users.scopeHint')}</p>
        <ScopePicker units={units} value={scopes} onChange={setScopes} />
        {needsScope && scopes.length === 0 ? <p className="form-notice">{t('admin.users.scopeNeeded')}</p> : null}
      </fieldset>
      {user ? null : (
        <label className="field-block">
          <span>{t('admin.users.passwordOptional')}</span>
          <input type="password" autoComplete="new-password" maxLength={200} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="user-password" />
        </label>
      )}
      {error ? (
        <p className="form-error" role="alert" data-testid="user-form-error">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy} data-testid="user-save">
          {user ? t('admin.save') : t('admin.users.create')}
        </button>
        <button type="button" className="secondary-button" onClick={onCancel}>
          {t('auth.cancel')}
        </button>
      </div>
    </form>
  );
}
