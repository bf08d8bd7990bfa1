/**
 * The phone's compass heading, as pure maths (no DOM): which way the top of the screen points,
 * in degrees clockwise from north, from a DeviceOrientationEvent's fields and the screen's
 * rotation; and the turn from there to a bearing ("rẽ phải 40°"). Read by forest/compass.ts
 * (the listener) and drawn by the position marker and the lô panel's guidance (PlotWay).
 *
 * - iOS Safari: `webkitCompassHeading` is already clockwise from (magnetic) north, for the top of
 *   the device in portrait; a landscape screen adds its rotation.
 * - Android Chrome: `deviceorientationabsolute` gives `alpha`, counter-clockwise from north (the
 *   W3C frame), so the heading is 360 − alpha, plus the screen's rotation.
 * Both assume the phone is held about flat (as when reading a map); a relative (non-absolute)
 * `deviceorientation` alpha is not a compass and gives nothing.
 */

export interface OrientationFields {
  alpha: number | null;
  /** true for deviceorientationabsolute (and a deviceorientation whose frame is the earth's) */
  absolute: boolean;
  /** iOS only */
  webkitCompassHeading?: number | null;
}

/** An angle brought into [0, 360). */
export function norm360(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d === 0 ? 0 : d;
}

/**
 * Heading of the top of the screen, clockwise from north, or null when the event carries no
 * compass. `screenAngle` is screen.orientation.angle (0, 90, 180, 270: the screen turned
 * counter-clockwise by it, so its top points that much further clockwise).
 */
export function headingOf(e: OrientationFields, screenAngle = 0): number | null {
  const ios = e.webkitCompassHeading;
  if (typeof ios === 'number' && Number.isFinite(ios) && ios >= 0) return norm360(ios + screenAngle);
  if (!e.absolute || typeof e.alpha !== 'number' || !Number.isFinite(e.alpha)) return null;
  return norm360(360 - e.alpha + screenAngle);
}

/** The turn from the heading to the bearing, in (−180, 180]: negative is to the left. */
export function turnTo(bearing: number, heading: number): number {
  const t = norm360(bearing - heading);
  return t > 180 ? t - 360 : t;
}

/** Within this many degrees either side, the lô is straight ahead. */
export const AHEAD_DEG = 10;

export type Turn = { kind: 'ahead' } | { kind: 'left' | 'right'; deg: number } | { kind: 'back' };

/** What to tell the inspector: ahead, left/right by whole degrees, or turn around (past 170°). */
export function turnOf(bearing: number, heading: number): Turn {
  const t = turnTo(bearing, heading);
  const a = Math.abs(t);
  if (a <= AHEAD_DEG) return { kind: 'ahead' };
  if (a >= 170) return { kind: 'back' };
  return { kind: t < 0 ? 'left' : 'right', deg: Math.round(a) };
}

/**
 * Smooths successive headings (a phone's compass jitters by several degrees) across north:
 * moves the previous value a share of the way towards the new one, the short way round.
 */
export function smoothHeading(previous: number | null, next: number, share = 0.35): number {
  if (previous === null) return norm360(next);
  return norm360(previous + turnTo(next, previous) * share);
}
