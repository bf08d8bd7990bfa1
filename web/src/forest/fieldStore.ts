/**
 * Where the inspector is and what they typed: the phone's last position (with its accuracy) and
 * the pin at a typed coordinate. Drawn on the map through the overlay store (planner/overlay.ts,
 * member `field`), read by the lô panel (distance and bearing where a thumb reaches it). Tiny and
 * free of turf/deck.gl: it is in the first load.
 */
import { useSyncExternalStore } from 'react';
import { plannerStore, type FieldMarks } from '../planner/overlay.ts';

const NONE: FieldMarks = { position: null, pin: null, goal: null, heading: null };
const current = () => plannerStore.get().field ?? NONE;

export const fieldStore = {
  get: current,
  setPosition(position: FieldMarks['position']) {
    plannerStore.set({ field: { ...current(), position } });
  },
  setPin(pin: FieldMarks['pin']) {
    plannerStore.set({ field: { ...current(), pin } });
  },
  setGoal(goal: [number, number] | null) {
    plannerStore.set({ field: { ...current(), goal } });
  },
  setHeading(heading: number | null) {
    plannerStore.set({ field: { ...current(), heading } });
  },
};

/**
 * Follows the position as the inspector walks (high accuracy, each fix into the store) until the
 * returned function is called. Works with no network: the phone's GPS needs none.
 */
export function followMe(onError: () => void): () => void {
  if (!('geolocation' in navigator)) {
    onError();
    return () => {};
  }
  const id = navigator.geolocation.watchPosition(
    (pos) => fieldStore.setPosition({ lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy }),
    onError,
    { enableHighAccuracy: true, timeout: 30_000, maximumAge: 5_000 },
  );
  return () => navigator.geolocation.clearWatch(id);
}

/** The phone's position and the typed pin (re-renders on change). */
export function useFieldMarks(): FieldMarks {
  return useSyncExternalStore(plannerStore.subscribe, current);
}

/** Asks the browser for the position (high accuracy), keeps it in the store and returns it. */
export function locateMe(): Promise<{ lon: number; lat: number; accuracy: number }> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('no geolocation'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy };
        fieldStore.setPosition(p);
        resolve(p);
      },
      (e) => reject(e),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  });
}
