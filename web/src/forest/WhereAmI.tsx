/**
 * "Where am I": the browser's position, which commune, tiểu khu, khoảnh and lô contain it, its
 * coordinates in WGS 84 (decimal and DMS) and VN-2000 (Kon Tum's TM-3 zone, 107°30′), and — when
 * a lô is open — the distance and bearing from here to it. The position is drawn on the map with
 * its accuracy circle (fieldStore). Loaded lazily (turf); PlotWay is the lô panel's line.
 */
import { useEffect, useState } from 'react';
import { bearing } from '@turf/bearing';
import { distance } from '@turf/distance';
import { point } from '@turf/helpers';
import type { LocateResponse } from '../../../server/domain/api.ts';
import { formatDms } from '../../../server/domain/coords.ts';
import { api } from '../api/client.ts';
import { ApiRequestError } from '../api/http.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ForestPlace } from '../panels/PointInfo.tsx';
import { askCompass, startCompass } from './compass.ts';
import { fieldStore, followMe, locateMe, useFieldMarks } from './fieldStore.ts';
import { turnOf, turnTo } from './heading.ts';

export interface WhereAmIProps {
  /** the lô open in the info panel: distance and bearing are given to it */
  target: { label: string; center: [number, number] } | null;
  /** fly to the position (and show it) */
  onPosition(lon: number, lat: number): void;
  /** open the lô at the position */
  onOpenPlot(id: number): void;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** Bearing in degrees (0–360, clockwise from north) and its compass point. */
export function compassOf(deg: number): { deg: number; point: (typeof COMPASS)[number] } {
  const d = (deg + 360) % 360;
  return { deg: d, point: COMPASS[Math.round(d / 45) % 8]! };
}

/** Distance (km) and bearing from one place to another. */
function way(from: [number, number], to: [number, number]) {
  return { km: distance(point(from), point(to), { units: 'kilometers' }), ...compassOf(bearing(point(from), point(to))) };
}

/** "350 m · 45° (Đông Bắc)" */
function WayText({ from, to }: { from: [number, number]; to: [number, number] }) {
  const { t, num } = useI18n();
  const w = way(from, to);
  return (
    <>
      {w.km < 1 ? `${num(w.km * 1000)} m` : `${num(w.km, 2)} km`} · {num(w.deg)}° ({t(`forest.compass.${w.point}` as 'forest.compass.N')})
    </>
  );
}

/**
 * Where to turn, with the phone's compass: an arrow turned from the top of the phone towards the
 * lô, and "rẽ phải 40°" / "rẽ trái 40°" / "đi thẳng" / "quay lại". Nothing without a compass.
 */
function TurnText({ from, to, heading }: { from: [number, number]; to: [number, number]; heading: number }) {
  const { t, num } = useI18n();
  const b = bearing(point(from), point(to));
  const turn = turnOf(b, heading);
  return (
    <span className="plot-way-turn" data-testid="plot-way-turn" data-turn={Math.round(turnTo(b, heading))}>
      <span className="plot-way-arrow" aria-hidden="true" style={{ transform: `rotate(${turnTo(b, heading)}deg)` }}>
        ↑
      </span>{' '}
      {turn.kind === 'ahead' ? t('field.turnAhead') : turn.kind === 'back' ? t('field.turnBack') : t(turn.kind === 'left' ? 'field.turnLeft' : 'field.turnRight', { deg: num(turn.deg) })}
    </span>
  );
}

/**
 * The lô panel's line "from your position: 350 m · 45° (Đông Bắc)", with a button that asks for
 * the position: near the top of the sheet, where a thumb reaches it while the lô is open. "Dẫn
 * đường" follows the position as the inspector walks: a line on the map from the position to the
 * lô, the distance and bearing updating with each fix, and "arrived" once the position is inside
 * the lô (asked of /api/locate, which a prepared area answers with no network).
 */
export function PlotWay({ center, plotId }: { center: [number, number]; plotId: number }) {
  const { t } = useI18n();
  const { position, heading } = useFieldMarks();
  const [state, setState] = useState<'idle' | 'busy' | 'error'>('idle');
  const [following, setFollowing] = useState(false);
  const [arrived, setArrived] = useState(false);
  const locate = () => {
    setState('busy');
    locateMe().then(
      () => setState('idle'),
      () => setState('error'),
    );
  };
  useEffect(() => {
    if (!following) return;
    fieldStore.setGoal(center);
    const stop = followMe(() => setState('error'));
    const stopCompass = startCompass();
    return () => {
      stop();
      stopCompass();
      fieldStore.setGoal(null);
    };
  }, [following, center]);
  // inside the lô? asked at each fix while following (the answer of the last fix wins)
  useEffect(() => {
    if (!following || !position) return;
    const ctl = new AbortController();
    api.locate(position.lon, position.lat, ctl.signal).then(
      (r) => setArrived(r.plot?.id === plotId),
      () => {},
    );
    return () => ctl.abort();
  }, [following, position, plotId]);
  return (
    <div className="plot-way" data-testid="plot-way">
      <span aria-hidden="true" className="plot-way-icon">
        ➤
      </span>
      <span className="plot-way-text">
        {following && arrived ? (
          <strong data-testid="plot-way-arrived">{t('field.arrived')}</strong>
        ) : position ? (
          <>
            {t('field.fromYou')} <strong data-testid="plot-way-value"><WayText from={[position.lon, position.lat]} to={center} /></strong>
            {following && heading != null ? (
              <>
                {' · '}
                <TurnText from={[position.lon, position.lat]} to={center} heading={heading} />
              </>
            ) : null}
          </>
        ) : state === 'error' ? (
          t('forest.gpsError')
        ) : (
          t('field.wayHint')
        )}
      </span>
      {following ? null : (
        <button type="button" className="small-button" onClick={locate} disabled={state === 'busy'} data-testid="plot-way-locate">
          {state === 'busy' ? t('forest.locating') : position ? t('field.update') : t('field.locate')}
        </button>
      )}
      <button
        type="button"
        className="small-button"
        aria-pressed={following}
        onClick={() => {
          // iOS asks for the compass on this tap (a user gesture); refused or absent, the bearing stays alone
          if (!following) void askCompass();
          setFollowing((f) => !f);
          setArrived(false);
        }}
        data-testid="plot-way-follow"
      >
        {following ? t('field.stopGuide') : t('field.guide')}
      </button>
    </div>
  );
}

export default function WhereAmI({ target, onPosition, onOpenPlot }: WhereAmIProps) {
  const { t, num, pick } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'ready' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [here, setHere] = useState<(LocateResponse & { accuracy: number }) | null>(null);
  const [open, setOpen] = useState(false);

  const locate = () => {
    setOpen(true);
    setState('busy');
    locateMe().then(
      async (pos) => {
        try {
          const r = await api.locate(pos.lon, pos.lat);
          setHere({ ...r, accuracy: pos.accuracy });
          setState('ready');
          onPosition(r.lon, r.lat);
        } catch (e) {
          setState('error');
          setError(e instanceof ApiRequestError ? pick(e.text) : t('info.error'));
        }
      },
      () => {
        setState('error');
        setError(t('forest.gpsError'));
      },
    );
  };

  return (
    <>
      <button type="button" className="map-round-button" onClick={locate} aria-label={t('forest.whereAmI')} title={t('forest.whereAmI')} data-testid="where-am-i">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <circle cx="12" cy="12" r="4" fill="currentColor" />
          <path d="M12 2v4M12 18v4M2 12h4M18 12h4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          <circle cx="12" cy="12" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
      {open ? (
        <div className="where-card" role="dialog" aria-label={t('forest.whereAmI')} data-testid="where-card">
          <button type="button" className="forest-close" onClick={() => setOpen(false)} aria-label={t('info.close')}>
            ×
          </button>
          <h2>{t('forest.whereAmI')}</h2>
          {state === 'busy' ? <p className="muted">{t('forest.locating')}</p> : null}
          {state === 'error' ? <p className="form-message">{error}</p> : null}
          {here ? (
            <dl>
              {target ? (
                <div className="row">
                  <dt>{t('forest.toPlot', { label: target.label })}</dt>
                  <dd data-testid="where-distance">
                    <WayText from={[here.lon, here.lat]} to={target.center} />
                  </dd>
                </div>
              ) : null}
              <div className="row">
                <dt>{t('info.commune')}</dt>
                <dd data-testid="where-commune">{here.commune ? `${here.commune.name} · ${here.district?.name ?? ''}` : t('forest.outsideProvince')}</dd>
              </div>
              <div className="row">
                <dt>{t('forest.tkk')}</dt>
                <dd data-testid="where-forest">
                  <ForestPlace at={here} onOpenPlot={onOpenPlot} />
                </dd>
              </div>
              <div className="row">
                <dt>WGS 84</dt>
                <dd>
                  {here.lat.toFixed(6)}, {here.lon.toFixed(6)}
                  <br />
                  <span className="muted small">{formatDms(here.lon, here.lat)}</span>
                  <br />
                  <span className="muted small">{t('forest.accuracy', { m: num(here.accuracy) })}</span>
                </dd>
              </div>
              <div className="row">
                <dt>VN-2000</dt>
                <dd data-testid="where-vn2000">
                  {here.vn2000 ? (
                    <>
                      X = {num(here.vn2000.x, 1)} m, Y = {num(here.vn2000.y, 1)} m
                      <br />
                      <span className="muted small">{here.vn2000.zone}</span>
                    </>
                  ) : (
                    <span className="muted small">{t('offline.vn2000Online')}</span>
                  )}
                </dd>
              </div>
            </dl>
          ) : null}
          <button type="button" className="small-button" onClick={locate} disabled={state === 'busy'}>
            {t('forest.locateAgain')}
          </button>
        </div>
      ) : null}
    </>
  );
}
