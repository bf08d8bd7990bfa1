import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorText } from '../api/http.ts';
import { signIn } from './session.ts';
import { useSession } from './useSession.ts';

/** Username and password; signs in and calls onDone. Used by the header dialog and the admin screen. */
export function SignInForm({ onDone }: { onDone?(): void }) {
  const { t, pick } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // offered when the server allows it: an inspector's own phone stays signed in through a restart and days without signal
  const { deviceDays } = useSession();
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  // the failure itself, so that its message follows a language switch
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password, remember && deviceDays > 0);
      setPassword('');
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} data-testid="sign-in-form">
      <label>
        <span>{t('auth.username')}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={40}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="sign-in-username"
          autoFocus
        />
      </label>
      <label>
        <span>{t('auth.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="sign-in-password"
        />
      </label>
      {deviceDays > 0 ? (
        <label className="auth-remember">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="sign-in-remember" />
          <span>
            {t('auth.remember', { days: deviceDays })}
            <small>{t('auth.rememberHint')}</small>
          </span>
        </label>
      ) : null}
      {error != null ? (
        <p className="form-error" role="alert" data-testid="sign-in-error">
          {errorText(error, pick, t('app.unreachable'))}
        </p>
      ) : null}
      <button type="submit" className="primary-button" disabled={busy} data-testid="sign-in-submit">
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
