/**
 * What the planner draws on the map (deck.gl layers of map/deckOverlay.ts, loaded when there is something to draw), and
 * a tiny store shared by the planner panel (side) and the map (main). Kept free of deck.gl and
 * turf so the first-load bundle only carries this file.
 */
import { useSyncExternalStore } from 'react';
import type { MultiPolygon, Polygon } from 'geojson';

export interface OverlayShape {
  id: number | string;
  geometry: MultiPolygon | Polygon;
}

export interface PlannerOverlay {
  /** site finder results */
  sites: OverlayShape[];
  /** lô of the plan being edited */
  plan: OverlayShape[];
  /** the lô currently highlighted in the list */
  focus: number | null;
  /** village buffers and the lô inside them */
  buffers: OverlayShape[];
  bufferPlots: OverlayShape[];
  /** the analysed area */
  area: OverlayShape | null;
  /** vertices being drawn (polygon, rectangle corners or a measured line) */
  sketch: { points: [number, number][]; closed: boolean } | null;
  /** the inspector's position and the pin at a typed coordinate (forest/fieldStore.ts); kept when the planner clears its layers */
  field?: FieldMarks;
}

/** The phone's position (accuracy in metres) and a typed coordinate's pin, [lon, lat]. */
export interface FieldMarks {
  position: { lon: number; lat: number; accuracy: number } | null;
  pin: [number, number] | null;
  /** the lô being walked to (its interior point): a line is drawn from the position to it */
  goal?: [number, number] | null;
  /** where the top of the phone points (degrees clockwise from north) while it has a compass (forest/compass.ts) */
  heading?: number | null;
}

/** Nothing to draw: the map does not load deck.gl for it. */
export function isOverlayEmpty(o: PlannerOverlay): boolean {
  return !o.area && !o.sites.length && !o.plan.length && !o.buffers.length && !o.bufferPlots.length && !o.sketch?.points.length && !o.field?.position && !o.field?.pin;
}

export const EMPTY_OVERLAY: PlannerOverlay = { sites: [], plan: [], focus: null, buffers: [], bufferPlots: [], area: null, sketch: null };

type ClickHandler = ((at: [number, number]) => void) | null;

let overlay: PlannerOverlay = EMPTY_OVERLAY;
let clickHandler: ClickHandler = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const plannerStore = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: () => overlay,
  set(patch: Partial<PlannerOverlay>) {
    overlay = { ...overlay, ...patch };
    emit();
  },
  clickHandler: () => clickHandler,
  /** While set, a click on the map goes to this handler (drawing, measuring) instead of opening a feature. */
  setClickHandler(h: ClickHandler) {
    clickHandler = h;
    emit();
  },
};

/** The overlay to draw (re-renders on change). */
export function usePlannerOverlay(): PlannerOverlay {
  return useSyncExternalStore(plannerStore.subscribe, plannerStore.get);
}

/** The map click handler of the planner's drawing tools, or null. */
export function usePlannerClick(): ClickHandler {
  return useSyncExternalStore(plannerStore.subscribe, plannerStore.clickHandler);
}

/** A lô handed to the open plan from outside the planner (its panel on the map). */
export interface PlotForPlan {
  plotId: number;
  label: string;
  communeCode: string;
  communeName: string;
  areaHa: number;
}
type Adder = ((p: PlotForPlan) => void) | null;

/** Unsaved changes in the planner (the app asks before closing it; the page warns before leaving), and the open plan's "add a lô". */
let draftDirty = false;
let adder: Adder = null;
export const plannerDraft = {
  dirty: () => draftDirty,
  setDirty(v: boolean) {
    draftDirty = v;
  },
  adder: () => adder,
  /** set by the planner while open: a lô clicked on the map can join the plan */
  setAdder(a: Adder) {
    adder = a;
    emit();
  },
};

/** The open plan's "add this lô", or null when the planner is closed. */
export function usePlanAdder(): Adder {
  return useSyncExternalStore(plannerStore.subscribe, plannerDraft.adder);
}
