import { useEffect, useState } from 'react';
import { listOutbox, onOutboxChange, type OutboxEntry } from './store.ts';

/** The outbox's entries, oldest first, kept current as they change (in this tab or another). */
export function useOutbox(): OutboxEntry[] {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void listOutbox().then((e) => live && setEntries(e), () => {});
    load();
    const off = onOutboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, []);
  return entries;
}

/** "08:15": the hour an entry was saved, in the user's language. */
export const timeOf = (iso: string, lang: string) => new Date(iso).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
