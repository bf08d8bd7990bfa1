/**
 * Compare (issue 15): the communes of two years — or two style modes — side by side with one camera,
 * or on one map with a swipe divider; the change map (criteria gained and lost between the two years)
 * one click away from either. Loaded lazily in place of the main map while `split` is in the URL.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type { CommuneStyleMode } from '../../../server/domain/classes.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { LayerId } from '../lib/layers.ts';
import { buildStyle, type TileVersionMap } from '../lib/style.ts';
import type { MapView } from '../lib/urlState.ts';
import { CompareMaps, type Side } from './compareMaps.ts';
import { SIDE_STYLES, type SplitState } from './splitState.ts';

export interface CompareViewProps {
  split: SplitState;
  /** the left side: the app's year and commune style */
  year: number;
  style: CommuneStyleMode;
  criterion: number | null;
  /** years with commune data */
  years: readonly number[];
  layers: readonly LayerId[];
  versions: TileVersionMap | null;
  basemap: StyleSpecification | null;
  bounds: [number, number, number, number];
  view: MapView | null;
  onView(view: MapView): void;
  onSplit(split: SplitState): void;
  onClose(): void;
  /** the change map between the two years */
  onChangeMap(from: number): void;
}

/** A side's style: the commune layer in its year and mode, with the app's other tile layers (villages and selection left out). */
function sideStyle(p: CompareViewProps, year: number, mode: CommuneStyleMode, layers: readonly LayerId[]): StyleSpecification {
  return buildStyle({
    origin: location.origin,
    year,
    criterion: mode === 'criterion' ? p.criterion : null,
    layers,
    selection: null,
    basemap: p.basemap,
    commune: { mode: mode === 'criterion' && p.criterion == null ? 'count' : mode, compare: null },
    versions: p.versions,
  });
}

export default function CompareView(p: CompareViewProps) {
  const { t } = useI18n();
  const leftEl = useRef<HTMLDivElement>(null);
  const rightEl = useRef<HTMLDivElement>(null);
  const maps = useRef<CompareMaps | null>(null);
  const [swipeAt, setSwipeAt] = useState(50);
  const leftMode: CommuneStyleMode = p.style === 'change' ? 'count' : p.style;
  const rightMode = p.split.style ?? leftMode;
  const layers = useMemo(() => p.layers.filter((l) => l !== 'villages'), [p.layers]);
  const styles: Record<Side, StyleSpecification> = useMemo(
    () => ({ left: sideStyle(p, p.year, leftMode, layers), right: sideStyle(p, p.split.year, rightMode, layers) }),
    [p.year, p.split.year, leftMode, rightMode, layers, p.versions, p.basemap, p.criterion],
  );
  const propsRef = useRef(p);
  propsRef.current = p;

  useEffect(() => {
    const m = new CompareMaps({ left: leftEl.current!, right: rightEl.current!, styles, view: p.view, bounds: p.bounds, onView: (v) => propsRef.current.onView(v) });
    maps.current = m;
    const observer = new ResizeObserver(() => m.resize());
    observer.observe(leftEl.current!);
    observer.observe(rightEl.current!);
    return () => {
      observer.disconnect();
      maps.current = null;
      m.destroy();
    };
    // created once; styles reach the maps through the effect below
  }, []);
  useEffect(() => {
    maps.current?.setStyle('left', styles.left);
    maps.current?.setStyle('right', styles.right);
  }, [styles]);

  // the divider: dragged with a finger or the mouse, moved with the arrow keys
  const container = useRef<HTMLDivElement>(null);
  const drag = (e: PointerEvent<HTMLDivElement>) => {
    if (e.buttons === 0 && e.pointerType === 'mouse') return;
    const r = container.current!.getBoundingClientRect();
    setSwipeAt(Math.min(98, Math.max(2, ((e.clientX - r.left) / r.width) * 100)));
  };
  const keys = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowLeft' ? -5 : e.key === 'ArrowRight' ? 5 : e.key === 'Home' ? -100 : e.key === 'End' ? 100 : 0;
    if (!step) return;
    e.preventDefault();
    setSwipeAt((x) => Math.min(98, Math.max(2, x + step)));
  };

  const side = p.split.mode === 'side';
  const label = (year: number, mode: CommuneStyleMode) => `${year} · ${t(`ntm.style.${mode}`)}`;
  return (
    <div className={`compare compare--${p.split.mode}`} data-testid="compare" data-mode={p.split.mode}>
      <div className="compare-toolbar no-print" role="toolbar" aria-label={t('compare.title')}>
        <div className="compare-modes" role="group" aria-label={t('compare.mode')}>
          <button type="button" aria-pressed={side} onClick={() => p.onSplit({ ...p.split, mode: 'side' })} data-testid="compare-side">
            {t('compare.side')}
          </button>
          <button type="button" aria-pressed={!side} onClick={() => p.onSplit({ ...p.split, mode: 'swipe' })} data-testid="compare-swipe">
            {t('compare.swipe')}
          </button>
        </div>
        <label>
          <span>{t('compare.with')}</span>
          <select value={p.split.year} onChange={(e) => p.onSplit({ ...p.split, year: Number(e.target.value) })} data-testid="compare-year">
            {p.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('ntm.style.label')}</span>
          <select value={rightMode} onChange={(e) => p.onSplit({ ...p.split, style: e.target.value as CommuneStyleMode })} data-testid="compare-style">
            {SIDE_STYLES.map((m) => (
              <option key={m} value={m}>
                {t(`ntm.style.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => p.onChangeMap(p.split.year)} disabled={p.split.year === p.year} data-testid="compare-change">
          {t('compare.changeMap')}
        </button>
        <button type="button" onClick={p.onClose} data-testid="compare-close">
          {t('compare.close')}
        </button>
      </div>
      <div className="compare-panes" ref={container}>
        <div className="compare-pane compare-pane--left">
          <div ref={leftEl} className="compare-map" role="region" aria-label={t('compare.mapOf', { label: label(p.year, leftMode) })} data-testid="compare-left" />
          <p className="compare-badge">{label(p.year, leftMode)}</p>
        </div>
        <div className="compare-pane compare-pane--right" style={side ? undefined : { clipPath: `inset(0 0 0 ${swipeAt}%)` }}>
          <div ref={rightEl} className="compare-map" role="region" aria-label={t('compare.mapOf', { label: label(p.split.year, rightMode) })} data-testid="compare-right" />
          <p className="compare-badge compare-badge--right">{label(p.split.year, rightMode)}</p>
        </div>
        {side ? null : (
          <div
            className="compare-divider"
            style={{ left: `${swipeAt}%` }}
            role="slider"
            tabIndex={0}
            aria-label={t('compare.divider')}
            aria-valuemin={2}
            aria-valuemax={98}
            aria-valuenow={Math.round(swipeAt)}
            onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
            onPointerMove={drag}
            onKeyDown={keys}
            data-testid="compare-divider"
          >
            <span className="compare-handle" aria-hidden="true">
              ◀▶
            </span>
          </div>
        )}
      </div>
    </div>
  );
}
