/**
 * Composes a briefing: its title, and its views in order, each with a title and the note shown
 * when presenting. The whole list is saved at once (one versioned write: a reorder, an edit and a
 * removal are one change; a briefing changed meanwhile by someone else gets the server's 409).
 */
import { useState } from 'react';
import { errorText } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { SavedView } from '../../../server/domain/views.ts';
import { type BriefingItem, viewsApi } from './viewsApi.ts';

export interface Draft {
  /** null: a new briefing */
  id: number | null;
  version: number;
  title: string;
  items: BriefingItem[];
}

export function BriefingEditor({ draft, views, currentQuery, onCancel, onSaved }: { draft: Draft; views: SavedView[]; currentQuery: string; onCancel(): void; onSaved(title: string): void }) {
  const { t, pick } = useI18n();
  const [title, setTitle] = useState(draft.title);
  const [items, setItems] = useState(draft.items);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // views added from the list beside the editor arrive through the draft
  const [seen, setSeen] = useState(draft.items.length);
  if (draft.items.length !== seen) {
    setSeen(draft.items.length);
    if (draft.items.length > seen) setItems((list) => [...list, ...draft.items.slice(seen)]);
  }

  const set = (i: number, patch: Partial<BriefingItem>) => setItems((list) => list.map((it, k) => (k === i ? { ...it, ...patch } : it)));
  const move = (i: number, d: -1 | 1) =>
    setItems((list) => {
      const next = [...list];
      const [it] = next.splice(i, 1);
      next.splice(i + d, 0, it!);
      return next;
    });
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const clean = items.map((it) => ({ ...it, title: it.title.trim(), note: it.note.trim() }));
      if (draft.id == null) await viewsApi.createBriefing(title.trim(), clean);
      else await viewsApi.updateBriefing(draft.id, draft.version, title.trim(), clean);
      onSaved(title.trim());
    } catch (err) {
      setError(errorText(err, pick, t('app.actionFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="briefing-editor" data-testid="briefing-editor">
      <label className="briefing-title">
        <span>{t('briefings.titleLabel')}</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} data-testid="briefing-title" />
      </label>
      {items.length === 0 ? <p className="muted">{t('briefings.noItems')}</p> : null}
      <ol className="briefing-items">
        {items.map((it, i) => (
          <li key={i} data-testid="briefing-item">
            <div className="briefing-item-head">
              <strong>{t('briefings.item', { n: i + 1 })}</strong>
              <span className="views-actions">
                <button type="button" onClick={() => move(i, -1)} disabled={i === 0} title={t('briefings.up')} aria-label={`${t('briefings.up')} – ${it.title}`} data-testid="item-up">
                  ↑
                </button>
                <button type="button" onClick={() => move(i, 1)} disabled={i === items.length - 1} title={t('briefings.down')} aria-label={`${t('briefings.down')} – ${it.title}`} data-testid="item-down">
                  ↓
                </button>
                <button type="button" onClick={() => setItems((list) => list.filter((_, k) => k !== i))} title={t('briefings.remove')} aria-label={`${t('briefings.remove')} – ${it.title}`}>
                  ✕
                </button>
              </span>
            </div>
            <label>
              <span>{t('briefings.itemTitle')}</span>
              <input value={it.title} onChange={(e) => set(i, { title: e.target.value })} maxLength={120} data-testid="item-title" />
            </label>
            <label>
              <span>{t('briefings.itemNote')}</span>
              <textarea value={it.note} onChange={(e) => set(i, { note: e.target.value })} maxLength={2000} rows={2} data-testid="item-note" />
            </label>
          </li>
        ))}
      </ol>
      <div className="views-actions">
        <button type="button" onClick={() => setItems((list) => [...list, { title: t('briefings.item', { n: list.length + 1 }), note: '', query: currentQuery }])} data-testid="briefing-add-current">
          + {t('briefings.addCurrent')}
        </button>
        {views.length ? <span className="muted">· {t('views.addToBriefing')}: {t('views.title').toLowerCase()} ↓</span> : null}
      </div>
      {error ? (
        <p className="views-message views-message--error" role="alert" data-testid="briefing-error">
          {error}
        </p>
      ) : null}
      <div className="views-actions">
        <button type="button" className="views-primary" onClick={() => void save()} disabled={busy || !title.trim()} data-testid="briefing-save">
          {t('briefings.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('briefings.cancel')}
        </button>
      </div>
    </div>
  );
}
