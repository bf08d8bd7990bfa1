/**
 * How many inspections wait on the device, and since when ("3 bản ghi chờ gửi · từ 08:15"), and
 * how many were refused; shown only when there are some. A tap opens the outbox (OutboxPanel).
 */
import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { timeOf, useOutbox } from './useOutbox.ts';

const OutboxPanel = lazy(() => import('./OutboxPanel.tsx'));


export function OutboxBadge() {
  const { t, num, lang } = useI18n();
  const entries = useOutbox();
  const [open, setOpen] = useState(false);
  const waiting = entries.filter((e) => e.status === 'waiting' || e.status === 'sending');
  const refused = entries.filter((e) => e.status === 'refused');
  const sendingPhoto = entries.find((e) => e.status === 'sending' && e.photoProgress);
  if (waiting.length === 0 && refused.length === 0 && !open) return null;
  return (
    <>
      {waiting.length > 0 || refused.length > 0 ? (
        <button type="button" className={refused.length ? 'outbox-badge outbox-badge--refused' : 'outbox-badge'} onClick={() => setOpen(true)} data-testid="outbox-badge">
          {waiting.length > 0 ? <span data-testid="outbox-waiting">{t('outbox.badge', { n: num(waiting.length), since: timeOf(waiting[0]!.createdAt, lang) })}</span> : null}
          {sendingPhoto?.photoProgress ? (
            <span data-testid="outbox-badge-photo">
              {' · '}
              {t('outbox.photoSending', { no: num(sendingPhoto.photoProgress.no), of: num(sendingPhoto.photoProgress.of), pct: num(sendingPhoto.photoProgress.pct) })}
            </span>
          ) : null}
          {waiting.length > 0 && refused.length > 0 ? ' · ' : null}
          {refused.length > 0 ? <span data-testid="outbox-refused">{t('outbox.badgeRefused', { n: num(refused.length) })}</span> : null}
        </button>
      ) : null}
      {open ? (
        <Suspense fallback={null}>
          <OutboxPanel onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
