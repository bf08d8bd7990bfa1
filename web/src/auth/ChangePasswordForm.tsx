import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { changePassword } from './session.ts';
import { errorText } from '../api/http.ts';

const MIN = 10; // server/auth/password.ts PASSWORD_MIN (the server checks the full policy)

/** Replace one's own password (also a temporary one after an administrator's reset). */
export function ChangePasswordForm({ onDone }: { onDone?(): void }) {
  const { t, pick } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== again) {
      setError(t('auth.passwordsDiffer'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      onDone?.();
    } catch (err) {
      setError(errorText(err, pick, t('app.unreachable')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-form" onSubmit={submit} data-testid="change-password-form">
      <label>
        <span>{t('auth.currentPassword')}</span>
        <input type="password" autoComplete="current-password" required maxLength={200} value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
      </label>
      <label>
        <span>{t('auth.newPassword')}</span>
        <input type="password" autoComplete="new-password" required minLength={MIN} maxLength={200} value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label>
        <span>{t('auth.repeatPassword')}</span>
        <input type="password" autoComplete="new-password" required minLength={MIN} maxLength={200} value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      <p className="muted">{t('auth.passwordHint')}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary-button" disabled={busy}>
        {t('auth.changePassword')}
      </button>
    </form>
  );
}
