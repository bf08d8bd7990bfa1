import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * A modal dialog on the native <dialog> element: focus is trapped and Escape closes it
 * (unless `forced`, e.g. a temporary password that must be replaced).
 */
export function Dialog({ title, onClose, forced = false, children, testId }: { title: string; onClose(): void; forced?: boolean; children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="auth-dialog"
      aria-labelledby="auth-dialog-title"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!forced) onClose();
      }}
    >
      <div className="auth-dialog-head">
        <h2 id="auth-dialog-title">{title}</h2>
        {forced ? null : (
          <button type="button" className="auth-dialog-close" onClick={onClose} aria-label={t('auth.close')} title={t('auth.close')}>
            ×
          </button>
        )}
      </div>
      {children}
    </dialog>
  );
}
