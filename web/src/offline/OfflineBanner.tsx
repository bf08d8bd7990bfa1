/**
 * One line while the phone has no network: that the map uses the areas prepared for offline
 * (how many), or that none is on the device. Beside the database banner (App.tsx).
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useOnline } from './useOnline.ts';

export function OfflineBanner() {
  const { t, num } = useI18n();
  const online = useOnline();
  const [areas, setAreas] = useState<number | null>(null);
  useEffect(() => {
    if (online) return;
    let live = true;
    import('./store.ts')
      .then((s) => s.listAreas())
      .then((a) => live && setAreas(a.filter((x) => x.status === 'ready').length), () => live && setAreas(0));
    return () => {
      live = false;
    };
  }, [online]);
  if (online || areas === null) return null;
  return (
    <div className="offline-banner" role="status" data-testid="offline-banner">
      {areas > 0 ? t('offline.banner', { n: num(areas) }) : t('offline.bannerNone')}
    </div>
  );
}
