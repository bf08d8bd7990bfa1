/**
 * Listens to the phone's compass while the guidance to a lô is on (PlotWay) and keeps the heading
 * in the field store (the position marker's cone, the guidance's turn). iOS asks the inspector's
 * permission first, on the tap that starts the guidance (DeviceOrientationEvent.requestPermission);
 * Android Chrome sends `deviceorientationabsolute`. A phone without a compass sends nothing (or
 * only relative angles): the heading stays null and the guidance keeps the bearing alone.
 * The maths is heading.ts.
 */
import { fieldStore } from './fieldStore.ts';
import { headingOf, smoothHeading, turnTo } from './heading.ts';

type PermissionAsker = { requestPermission?: () => Promise<'granted' | 'denied'> };

/** iOS 13+: asks on a user gesture; elsewhere there is nothing to ask. False when refused. */
export async function askCompass(): Promise<boolean> {
  const asker = (globalThis as { DeviceOrientationEvent?: PermissionAsker }).DeviceOrientationEvent;
  if (typeof asker?.requestPermission !== 'function') return true;
  try {
    return (await asker.requestPermission()) === 'granted';
  } catch {
    return false;
  }
}

let users = 0;
let smoothed: number | null = null;

function onOrientation(e: Event) {
  const o = e as DeviceOrientationEvent & { webkitCompassHeading?: number };
  const angle = screen.orientation?.angle ?? 0;
  const h = headingOf({ alpha: o.alpha, absolute: e.type === 'deviceorientationabsolute' || o.absolute === true, webkitCompassHeading: o.webkitCompassHeading }, angle);
  if (h === null) return;
  const next = smoothHeading(smoothed, h);
  // the map redraws on each change: a degree is the least worth showing
  if (smoothed !== null && Math.abs(turnTo(next, smoothed)) < 1) return;
  smoothed = next;
  fieldStore.setHeading(Math.round(next));
}

/** Starts listening (counted: each caller stops its own); the returned function stops. */
export function startCompass(): () => void {
  if (typeof window === 'undefined') return () => {};
  if (users++ === 0) {
    window.addEventListener('deviceorientationabsolute', onOrientation);
    window.addEventListener('deviceorientation', onOrientation);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--users === 0) {
      window.removeEventListener('deviceorientationabsolute', onOrientation);
      window.removeEventListener('deviceorientation', onOrientation);
      smoothed = null;
      fieldStore.setHeading(null);
    }
  };
}
