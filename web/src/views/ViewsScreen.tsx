/**
 * '#/views': saved views and briefings (docs/meetings.md). Anyone who may read the map lists
 * them, opens a view, copies its link and presents a briefing; planners, criteria editors and
 * administrators save the current map as a view and compose briefings (ordered views, a title
 * and a note each).
 */
import { useState, type FormEvent } from 'react';
import type { BriefingSummary, SavedView } from '../../../server/domain/views.ts';
import { errorText } from '../api/http.ts';
import { hasRole } from '../auth/session.ts';
import { useSession } from '../auth/useSession.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ScreenProps } from '../lib/urlState.ts';
import { useAsync } from '../state/useAsync.ts';
import { BriefingEditor, type Draft } from './BriefingEditor.tsx';
import { presentHash, shareLink, viewsApi } from './viewsApi.ts';
import './views.css';

/** Enters full screen from the click that starts a presentation (browsers allow it only there). */
export function startPresentation(id: number): void {
  void document.documentElement.requestFullscreen?.().catch(() => undefined);
  location.hash = presentHash(id);
}

export function ViewsScreen({ mapHref }: ScreenProps) {
  const { t, pick } = useI18n();
  const session = useSession();
  const canWrite = ['planner', 'editor', 'admin'].some((r) => hasRole(session.me, r as 'planner'));
  const [rev, setRev] = useState(0);
  const views = useAsync(`views:${rev}`, (s) => viewsApi.views(s), { keepPrevious: true });
  const briefings = useAsync(`briefings:${rev}`, (s) => viewsApi.briefings(s), { keepPrevious: true });
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const currentQuery = mapHref.replace(/^#/, '');
  const fail = (err: unknown) => setMessage({ text: errorText(err, pick, t('app.actionFailed')), error: true });

  const saveView = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const v = await viewsApi.createView(name.trim(), currentQuery);
      setName('');
      setMessage({ text: t('views.saved', { name: v.name }) });
      setRev((r) => r + 1);
    } catch (err) {
      fail(err);
    }
  };
  const copy = async (query: string) => {
    try {
      await navigator.clipboard.writeText(shareLink(query));
      setMessage({ text: t('views.copied') });
    } catch {
      // no clipboard (an insecure origin): show the link to copy by hand
      setMessage({ text: shareLink(query) });
    }
  };
  const removeView = async (v: SavedView) => {
    if (!confirm(t('views.confirmDelete', { name: v.name }))) return;
    try {
      await viewsApi.deleteView(v);
      setRev((r) => r + 1);
    } catch (err) {
      fail(err);
    }
  };
  const editBriefing = async (b: BriefingSummary) => {
    try {
      const full = await viewsApi.briefing(b.id);
      setDraft({ id: b.id, version: b.version, title: full.title, items: full.items });
    } catch (err) {
      fail(err);
    }
  };
  const removeBriefing = async (b: BriefingSummary) => {
    if (!confirm(t('briefings.confirmDelete', { title: b.title }))) return;
    try {
      await viewsApi.deleteBriefing(b);
      setRev((r) => r + 1);
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="views-screen" data-testid="views-screen">
      <p>
        <a href={mapHref || '#'} data-testid="views-back">
          ← {t('app.backToMap')}
        </a>
      </p>
      {message ? (
        <p className={message.error ? 'views-message views-message--error' : 'views-message'} role={message.error ? 'alert' : 'status'} data-testid="views-message">
          {message.text}
        </p>
      ) : null}

      <section aria-labelledby="briefings-title" className="views-section">
        <h2 id="briefings-title">{t('briefings.title')}</h2>
        {draft ? (
          <BriefingEditor
            draft={draft}
            views={views.data ?? []}
            currentQuery={currentQuery}
            onCancel={() => setDraft(null)}
            onSaved={(title) => {
              setDraft(null);
              setMessage({ text: t('briefings.saved', { title }) });
              setRev((r) => r + 1);
            }}
          />
        ) : null}
        {briefings.data?.length === 0 ? <p className="muted">{t('briefings.empty')}</p> : null}
        <ul className="views-list" data-testid="briefing-list">
          {(briefings.data ?? []).map((b) => (
            <li key={b.id} data-testid={`briefing-${b.id}`}>
              <span className="views-name">{b.title}</span>
              <span className="muted">{t('briefings.count', { n: b.itemCount })}</span>
              <span className="views-actions">
                <button type="button" className="views-primary" onClick={() => startPresentation(b.id)} disabled={b.itemCount === 0} data-testid="briefing-present">
                  ▶ {t('briefings.present')}
                </button>
                {canWrite ? (
                  <>
                    <button type="button" onClick={() => void editBriefing(b)} data-testid="briefing-edit">
                      {t('briefings.edit')}
                    </button>
                    <button type="button" onClick={() => void removeBriefing(b)}>
                      {t('views.delete')}
                    </button>
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {canWrite && !draft ? (
          <button type="button" onClick={() => setDraft({ id: null, version: 0, title: '', items: [] })} data-testid="briefing-new">
            + {t('briefings.new')}
          </button>
        ) : null}
      </section>

      <section aria-labelledby="views-title" className="views-section">
        <h2 id="views-title">{t('views.title')}</h2>
        <p className="muted">{t('views.intro')}</p>
        {canWrite ? (
          <form className="views-save" onSubmit={(e) => void saveView(e)}>
            <label>
              <span>{t('views.name')}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required data-testid="view-name" />
            </label>
            <button type="submit" className="views-primary" disabled={!name.trim()} data-testid="view-save">
              {t('views.saveCurrent')}
            </button>
          </form>
        ) : (
          <p className="muted">{t('views.readOnly')}</p>
        )}
        {views.data?.length === 0 ? <p className="muted">{t('views.empty')}</p> : null}
        <ul className="views-list" data-testid="view-list">
          {(views.data ?? []).map((v) => (
            <li key={v.id} data-testid={`view-${v.id}`}>
              <span className="views-name">{v.name}</span>
              <span className="views-actions">
                <a href={v.query ? `#${v.query}` : '#'} className="views-button" data-testid="view-open">
                  {t('views.open')}
                </a>
                <button type="button" onClick={() => void copy(v.query)} data-testid="view-copy">
                  {t('views.copyLink')}
                </button>
                {canWrite && draft ? (
                  <button type="button" onClick={() => setDraft({ ...draft, items: [...draft.items, { title: v.name, note: '', query: v.query }] })} data-testid="view-add">
                    {t('views.addToBriefing')}
                  </button>
                ) : null}
                {canWrite ? (
                  <button type="button" onClick={() => void removeView(v)}>
                    {t('views.delete')}
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export default ViewsScreen;
