import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ApiRequestError } from '../api/http.ts';
import { signIn } from './session.ts';

/** The server's bilingual message of a failed request, or a generic one when the server was not reached. */
export function errorText(err: unknown): { vi: string; en: string } {
  if (err instanceof ApiRequestError) return err.text;
  return { vi: 'Không kết nối được máy chủ, vui lòng thử lại', en: 'Could not reach the server, please try again' };
}

/** Username and password; signs in and calls onDone. Used by the header dialog and the admin screen. */
export function SignInForm({ onDone }: { onDone?(): void }) {
  const { t, pick } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ vi: string; en: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      setPassword('');
      onDone?.();
    } catch (err) {
      setError(errorText(err));
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
      {error ? (
        <p className="form-error" role="alert" data-testid="sign-in-error">
          {pick(error)}
        </p>
      ) : null}
      <button type="submit" className="primary-button" disabled={busy} data-testid="sign-in-submit">
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
