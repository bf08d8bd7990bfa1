/**
 * One banner while the database is unreachable: says so once, in the user's language,
 * that what was typed is kept and that the app retries; checks /api/ready every Retry-After
 * seconds and says "connected again" for a few seconds when it is back.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { markRecovered, useDatabaseOutage } from './outage.ts';

const SHOW_RECOVERED_MS = 4000;

export function DatabaseBanner() {
  const { t } = useI18n();
  const outage = useDatabaseOutage();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!outage.down) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch('/api/ready', { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!stopped && res.ok) markRecovered();
      } catch {
        /* the server itself is unreachable: keep trying */
      }
    }, outage.retryAfterSec * 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [outage.down, outage.retryAfterSec]);

  useEffect(() => {
    if (outage.recoveredAt === null) return;
    const left = outage.recoveredAt + SHOW_RECOVERED_MS - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [outage.recoveredAt]);

  if (outage.down) {
    return (
      <div className="db-banner db-banner--down" role="alert">
        <strong>{t('ops.dbDown.title')}</strong> {t('ops.dbDown.body')}
      </div>
    );
  }
  if (outage.recoveredAt !== null && now < outage.recoveredAt + SHOW_RECOVERED_MS) {
    return (
      <div className="db-banner db-banner--back" role="status">
        {t('ops.dbBack')}
      </div>
    );
  }
  return null;
}
