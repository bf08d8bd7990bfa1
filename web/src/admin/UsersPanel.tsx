import { useCallback, useEffect, useState } from 'react';
import type { UnitOption, UserRecord, UserWithPassword } from '../../../server/auth/contract.ts';
import { ROLE_KEYS } from '../auth/SignInButton.tsx';
import { errorText, getJson, send } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { UserForm } from './UserForm.tsx';

type Notice = { kind: 'success' | 'error'; text: string; password?: string };

/** The user list with create / edit / reset password / disable-enable. */
export function UsersPanel({ selfId }: { selfId: number }) {
  const { t, pick, lang } = useI18n();
  const [users, setUsers] = useState<UserRecord[] | null>(null);
  const [units, setUnits] = useState<UnitOption[]>([]);
  const [editing, setEditing] = useState<UserRecord | 'new' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [u, units] = await Promise.all([getJson<UserRecord[]>('/api/admin/users'), getJson<UnitOption[]>('/api/admin/units')]);
      setUsers(u);
      setUnits(units);
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(err, pick, t('app.unreachable')));
    }
  }, [pick]);

  useEffect(() => {
    void load();
  }, [load]);

  const replace = (u: UserRecord) => setUsers((list) => (list ? list.map((x) => (x.id === u.id ? u : x)) : list));

  async function resetPassword(u: UserRecord) {
    if (!confirm(t('admin.users.resetConfirm', { name: u.username }))) return;
    try {
      const r = await send<UserWithPassword>('POST', `/api/admin/users/${u.id}/password`, { version: u.version });
      replace(r.user);
      setNotice({ kind: 'success', text: t('admin.users.newPassword', { name: u.username }), password: r.password ?? undefined });
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err, pick, t('app.unreachable')) });
      void load();
    }
  }

  async function setDisabled(u: UserRecord, disabled: boolean) {
    if (disabled && !confirm(t('admin.users.disableConfirm', { name: u.username }))) return;
    try {
      replace(await send<UserRecord>('PATCH', `/api/admin/users/${u.id}`, { version: u.version, disabled }));
      setNotice({ kind: 'success', text: t(disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { name: u.username }) });
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err, pick, t('app.unreachable')) });
      void load();
    }
  }

  if (loadError) {
    return (
      <p className="form-error" role="alert">
        {loadError}
      </p>
    );
  }
  if (!users) return <p className="muted">{t('admin.loading')}</p>;

  return (
    <div className="users-panel">
      {notice ? (
        <div className={notice.kind === 'success' ? 'form-success' : 'form-error'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="admin-notice">
          <p>{notice.text}</p>
          {notice.password ? (
            <p>
              <code className="one-time-password" data-testid="one-time-password">
                {notice.password}
              </code>{' '}
              <span className="muted">{t('admin.users.passwordOnce')}</span>
            </p>
          ) : null}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            {t('auth.close')}
          </button>
        </div>
      ) : null}

      {editing ? (
        <UserForm
          key={editing === 'new' ? 'new' : `${editing.id}@${editing.version}`}
          user={editing === 'new' ? null : editing}
          units={units}
          onCancel={() => setEditing(null)}
          onConflict={(current) => {
            if (current) {
              replace(current);
              setEditing(current);
            }
          }}
          onSaved={({ user, password }) => {
            setEditing(null);
            setUsers((list) => (list?.some((x) => x.id === user.id) ? list.map((x) => (x.id === user.id ? user : x)) : [...(list ?? []), user].sort((a, b) => a.username.localeCompare(b.username))));
            setNotice(
              password
                ? { kind: 'success', text: t('admin.users.createdWithPassword', { name: user.username }), password }
                : { kind: 'success', text: t('admin.users.saved', { name: user.username }) },
            );
          }}
        />
      ) : (
        <button type="button" className="primary-button" onClick={() => { setNotice(null); setEditing('new'); }} data-testid="user-add">
          {t('admin.users.add')}
        </button>
      )}

      <div className="table-scroll">
        <table className="admin-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{t('auth.username')}</th>
              <th scope="col">{t('admin.users.displayName')}</th>
              <th scope="col">{t('auth.roles')}</th>
              <th scope="col">{t('auth.scopes')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.lastLogin')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`} className={u.disabled ? 'is-disabled' : undefined}>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => t(ROLE_KEYS[r])).join(', ')}</td>
                <td>{u.scopes.map((s) => s.name ?? s.code).join(', ') || '—'}</td>
                <td>
                  {u.disabled ? t('admin.users.disabled') : t('admin.users.active')}
                  {u.mustChangePassword ? <span className="muted"> · {t('admin.users.mustChange')}</span> : null}
                </td>
                <td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : t('admin.users.never')}</td>
                <td className="row-actions">
                  <button type="button" className="link-button" onClick={() => { setNotice(null); setEditing(u); }} data-testid={`user-edit-${u.username}`}>
                    {t('admin.edit')}
                  </button>
                  <button type="button" className="link-button" onClick={() => void resetPassword(u)} data-testid={`user-reset-${u.username}`}>
                    {t('admin.users.reset')}
                  </button>
                  {u.id === selfId ? null : (
                    <button type="button" className="link-button" onClick={() => void setDisabled(u, !u.disabled)} data-testid={`user-toggle-${u.username}`}>
                      {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

