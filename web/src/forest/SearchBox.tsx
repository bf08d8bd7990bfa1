/**
 * The one search box: "TK 568", "568/3/12", "tk568 k3 l12", commune and village names with or
 * without diacritics, coordinates (decimal, DMS, VN-2000). Results in a list; choosing one flies
 * the map to it and highlights it (the parent does both through onPick).
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchHit, SearchResponse } from '../../../server/domain/api.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PHONE_QUERY, useMediaQuery } from '../state/useMediaQuery.ts';

export interface SearchBoxProps {
  onPick(hit: SearchHit): void;
}

const DEBOUNCE_MS = 250;

export function SearchBox({ onPick }: SearchBoxProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [result, setResult] = useState<SearchResponse | null>(null);
  const [status, setStatus] = useState<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // a phone's search box holds about 26 characters: a shorter hint that is not cut
  const phone = useMediaQuery(PHONE_QUERY);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResult(null);
      setStatus('idle');
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setStatus('loading');
      api.search(q, ctl.signal).then(
        (r) => {
          setResult(r);
          setStatus('ready');
          setActive(0);
        },
        () => !ctl.signal.aborted && setStatus('error'),
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);

  const found = result?.hits ?? [];
  // a forest code that does not exist: its nearest existing units, offered the same way
  const suggested = found.length === 0 && (result?.suggestions?.length ?? 0) > 0;
  const hits = suggested ? result!.suggestions! : found;
  const choose = (hit: SearchHit) => {
    setOpen(false);
    setText(hit.label);
    inputRef.current?.blur();
    onPick(hit);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      setOpen(true);
      setActive((a) => Math.min(hits.length - 1, a + 1));
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      setActive((a) => Math.max(0, a - 1));
      e.preventDefault();
    } else if (e.key === 'Enter' && hits[active]) {
      choose(hits[active]);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const showList = open && text.trim() !== '' && status !== 'idle';
  return (
    <div className="search-box" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {t('search.label')}
      </label>
      <input
        id={`${listId}-input`}
        ref={inputRef}
        type="search"
        inputMode="search"
        autoComplete="off"
        spellCheck={false}
        placeholder={phone ? t('field.searchShort') : t('search.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKey}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        data-testid="search-input"
      />
      {text ? (
        <button type="button" className="search-clear" aria-label={t('search.clear')} title={t('search.clear')} onClick={() => { setText(''); inputRef.current?.focus(); }}>
          ×
        </button>
      ) : null}
      {showList ? (
        <div className="search-results" id={listId} data-testid="search-results">
          {status === 'loading' && !result ? <p className="muted">{t('search.searching')}</p> : null}
          {status === 'error' ? <p className="muted">{t('search.error')}</p> : null}
          {result && hits.length === 0 && status === 'ready' ? <p className="muted">{t('search.none')}</p> : null}
          {suggested ? (
            <p className="muted" data-testid="search-suggested">
              {t('field.suggestions')}
            </p>
          ) : null}
          {hits.length ? (
            <ul role="listbox" aria-label={t('search.results')}>
              {hits.map((h, i) => (
                <li key={`${h.kind}:${h.id}`} role="option" aria-selected={i === active}>
                  <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(h)} data-testid="search-hit" data-kind={h.kind}>
                    <span className="search-hit-kind">{t(`kind.${h.kind}`)}</span>
                    <span className="search-hit-label">{h.label}</span>
                    <span className="search-hit-sub">{h.sublabel}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {result && result.parsed.kind !== 'name' ? <p className="search-parsed">{t('search.understood', { what: t(`kind.${result.parsed.kind === 'coordinate' ? 'coordinate' : result.parsed.kind}` as 'kind.plot') })}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
