/**
 * '#/present?briefing=N': a briefing on a projector (docs/meetings.md). Full screen, large type,
 * the view's title and note on screen, the legend in the view's palette, no editing chrome.
 * Next: ArrowRight, PageDown, Space; previous: ArrowLeft, PageUp (what presenters' clickers
 * send); Home/End; Escape leaves.
 *
 * Works without a network once opened: on opening, every view is drawn once in turn (tiles go
 * through the in-memory tile store, tileStore.ts), and everything else a view needs — meta, tile
 * versions, forest units, the villages of each year — is loaded once into this component.
 * After that no view asks the network for anything.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MetaResponse, TileVersions } from '../../../server/domain/api.ts';
import type { BriefingOut } from '../../../server/domain/views.ts';
import { api, type VillageCollection } from '../api/client.ts';
import { getJson } from '../api/http.ts';
import { communesOf } from '../forest/ForestPanel.tsx';
import { forestApi } from '../forest/forestApi.ts';
import type { ForestUnit } from '../../../server/domain/forest.ts';
import { NO_PLOT_FILTER, type PlotStyleFilter } from '../forest/plotFilter.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { parseHash, screenParams, type AtlasUrlState } from '../lib/urlState.ts';
import { criteriaSetFor, effectiveYears } from '../lib/years.ts';
import type { MapHandle } from '../map/MapView.tsx';
import { Legend } from '../panels/Legend.tsx';
import { viewsApi } from '../views/viewsApi.ts';
import { openTileStore, presentOrigin } from './tileStore.ts';
import './present.css';

const MapView = lazy(() => import('../map/MapView.tsx'));

interface Loaded {
  briefing: BriefingOut;
  meta: MetaResponse;
  versions: TileVersions | null;
  units: ForestUnit[];
  villages: Map<number, VillageCollection>;
  slides: AtlasUrlState[];
}

/** Everything the views need, loaded once (then the presentation needs no network but for tiles, which the tile store keeps). */
async function loadAll(id: number, signal: AbortSignal): Promise<Loaded> {
  const [briefing, meta, versions, units] = await Promise.all([
    viewsApi.briefing(id, signal),
    api.meta(signal),
    getJson<TileVersions>('/api/tiles/versions', signal, { cache: 'no-store' }).catch(() => null),
    forestApi.units(signal).catch(() => [] as ForestUnit[]),
  ]);
  const slides = briefing.items.map((it) => parseHash(`#${it.query}`));
  const villageYears = new Set(slides.filter((s) => s.layers.includes('villages')).map((s) => effectiveYears(s.year, meta).village).filter((y): y is number => y != null));
  const villages = new Map<number, VillageCollection>();
  await Promise.all([...villageYears].map(async (y) => villages.set(y, await api.villages(y, signal))));
  return { briefing, meta, versions, units, villages, slides };
}

const NEXT = new Set(['ArrowRight', 'PageDown', ' ', 'Spacebar']);
const PREVIOUS = new Set(['ArrowLeft', 'PageUp']);

/** Waits until the map has drawn what it was asked (the map's ready flag), at most `ms`. */
function mapSettled(signal: AbortSignal, ms = 20_000): Promise<void> {
  return new Promise((resolve) => {
    const start = Date.now();
    let seenBusy = false;
    const tick = () => {
      if (signal.aborted) return resolve();
      const ready = document.documentElement.dataset.atlasReady === 'true';
      if (!ready) seenBusy = true;
      // ready after having been busy (or steadily ready for a while: nothing new to draw)
      if ((ready && seenBusy) || (ready && Date.now() - start > 1200) || Date.now() - start > ms) return resolve();
      setTimeout(tick, 100);
    };
    setTimeout(tick, 150);
  });
}

export function PresentScreen() {
  const { t, lang } = useI18n();
  const id = Number(screenParams(location.hash).get('briefing'));
  const [data, setData] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [index, setIndex] = useState(0);
  const [preparing, setPreparing] = useState<number | null>(0);
  const mapRef = useRef<MapHandle>(null);
  // registered in an effect (not a memo), so a remount (React's strict mode) registers it again
  useEffect(() => {
    const store = openTileStore();
    return () => store.dispose();
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    loadAll(id, ac.signal).then(setData, () => !ac.signal.aborted && setFailed(true));
    return () => ac.abort();
  }, [id]);

  const total = data?.slides.length ?? 0;
  const shown = preparing ?? index;
  const slide = data?.slides[shown] ?? null;
  const item = data?.briefing.items[shown] ?? null;

  // preload: draw every view once (its tiles land in the store), then start at the first
  useEffect(() => {
    if (!data || preparing == null) return;
    if (total === 0) return setPreparing(null);
    const ac = new AbortController();
    void mapSettled(ac.signal).then(() => {
      if (ac.signal.aborted) return;
      if (preparing + 1 < total) setPreparing(preparing + 1);
      else {
        setPreparing(null);
        setIndex(0);
      }
    });
    return () => ac.abort();
  }, [data, preparing, total]);

  const go = useCallback((d: number) => setIndex((i) => Math.min(Math.max(i + d, 0), Math.max(total - 1, 0))), [total]);
  const exit = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    location.hash = '#/views';
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (NEXT.has(e.key)) go(1);
      else if (PREVIOUS.has(e.key)) go(-1);
      else if (e.key === 'Home') setIndex(0);
      else if (e.key === 'End') setIndex(Math.max(total - 1, 0));
      else if (e.key === 'Escape') exit();
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [go, exit, total]);

  // a view without a camera shows the whole province (the map keeps the camera of the views that have one)
  useEffect(() => {
    if (slide && !slide.view && data) mapRef.current?.moveTo({ kind: 'bounds', bounds: data.meta.bounds, maxZoom: 12 });
  }, [slide, data]);

  const inputs = useMemo(() => {
    if (!data || !slide) return null;
    const years = effectiveYears(slide.year, data.meta);
    const mode = slide.style ?? (slide.criterion != null ? 'criterion' : 'count');
    const f = slide.plotFilter ?? NO_PLOT_FILTER;
    const plotFilter: PlotStyleFilter = { ...f, communes: communesOf(f.unit, data.units), revision: 0 };
    const set = criteriaSetFor(data.meta.criteriaSets, 'commune', years.commune);
    const c = slide.criterion != null ? set?.criteria.find((k) => k.no === slide.criterion) : undefined;
    return {
      years,
      mode,
      plotFilter,
      commune: { mode, compare: slide.compare ?? null, revision: 0 },
      criterion: c ? { no: c.no, name: lang === 'vi' ? c.name.vi : c.name.en } : null,
      villages: slide.layers.includes('villages') && years.village != null ? (data.villages.get(years.village) ?? null) : null,
    };
  }, [data, slide, lang]);

  if (failed) {
    return (
      <div className="present present--message" role="alert">
        <p>{t('present.failed')}</p>
        <a href="#/views">{t('present.exit')}</a>
      </div>
    );
  }
  if (!data || !slide || !inputs || !item) {
    return (
      <div className="present present--message" data-testid="present">
        <p>{data && total === 0 ? t('present.empty') : t('app.loading')}</p>
        {data ? <a href="#/views">{t('present.exit')}</a> : null}
      </div>
    );
  }

  return (
    <div className={`present present--${slide.palette ?? 'standard'}`} data-testid="present" data-slide={shown} data-ready={preparing == null ? 'true' : 'false'}>
      <div className="present-map">
        <Suspense fallback={null}>
          <MapView
            ref={mapRef}
            origin={presentOrigin()}
            bounds={data.meta.bounds}
            initialView={slide.view}
            year={inputs.years.commune}
            criterion={slide.criterion}
            layers={slide.layers}
            selection={slide.selection}
            basemap={null}
            plotFilter={inputs.plotFilter}
            commune={inputs.commune}
            versions={data.versions}
            palette={slide.palette}
            villages={inputs.villages}
            villagesReady
            onPick={() => undefined}
            onViewChange={() => undefined}
            villageTooltip={() => null}
            ariaLabel={item.title}
          />
        </Suspense>
      </div>
      <header className="present-title">
        <h1 data-testid="present-title">{item.title}</h1>
        <p className="present-sub">{data.briefing.title}</p>
      </header>
      {item.note ? (
        <p className="present-note" data-testid="present-note">
          {item.note}
        </p>
      ) : null}
      <aside className="present-legend">
        <Legend
          layers={slide.layers}
          criterion={inputs.criterion}
          thresholds={data.meta.thresholds}
          zoom={slide.view?.zoom ?? null}
          commune={{ mode: inputs.mode, year: inputs.years.commune, compare: slide.compare ?? null, targetYears: data.meta.commune.targetYears }}
          villageYear={inputs.years.village}
          palette={slide.palette}
        />
      </aside>
      <footer className="present-bar">
        <span className="present-count" data-testid="present-count">
          {t('present.slide', { n: shown + 1, total })}
        </span>
        <span className="present-status" role="status" data-testid="present-status">
          {preparing != null ? t('present.preparing', { n: preparing + 1, total }) : t('present.ready', { total })}
        </span>
        <span className="present-keys">{t('present.keys')}</span>
        <span className="present-buttons">
          <button type="button" onClick={() => go(-1)} disabled={preparing != null || index === 0} aria-label="←">
            ←
          </button>
          <button type="button" onClick={() => go(1)} disabled={preparing != null || index >= total - 1} aria-label="→">
            →
          </button>
          {!document.fullscreenElement ? (
            <button type="button" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
              {t('present.fullscreen')}
            </button>
          ) : null}
          <button type="button" onClick={exit} data-testid="present-exit">
            {t('present.exit')}
          </button>
        </span>
      </footer>
    </div>
  );
}

export default PresentScreen;
