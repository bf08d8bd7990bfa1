import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorText } from '../api/http.ts';
import { signIn } from './session.ts';

/** Username and password; signs in and calls onDone. Used by the header dialog and the admin screen. */
export function SignInForm({ onDone }: { onDone?(): void }) {
  const { t, pick } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  // the failure itself, so that its message follows a language switch
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
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
