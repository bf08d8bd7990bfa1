/**
 * The search box's entries for forest units, built one way for /api/search (services/search.ts)
 * and for the offline package (services/offline-package.ts), so a lô found on the phone with no
 * signal reads exactly as it does online.
 */
import type { SearchHit } from '../domain/api.ts';
import { plotLabel } from '../domain/forest.ts';

export type Box = { xmin: number; ymin: number; xmax: number; ymax: number };
export const bbox = (b: Box): [number, number, number, number] => [b.xmin, b.ymin, b.xmax, b.ymax];

type Where = Box & { cx: number; cy: number; commune: string };

export function tieuKhuHit(r: Where & { tk: number; area_ha: number }): SearchHit {
  return { kind: 'tieukhu', id: `tk:${r.tk}`, label: `Tiểu khu ${r.tk}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) };
}

export function khoanhHit(r: Where & { tk: number; khoanh: number; area_ha: number }): SearchHit {
  return { kind: 'khoanh', id: `k:${r.tk}/${r.khoanh}`, label: `TK ${r.tk} · K ${r.khoanh}`, sublabel: `${r.commune} · ${Math.round(r.area_ha)} ha`, center: [r.cx, r.cy], bbox: bbox(r) };
}

export function plotHit(r: Where & { id: string | number; tk: number; khoanh: number; lo: string; dtich: number }): SearchHit {
  return { kind: 'plot', id: String(r.id), label: plotLabel(r.tk, r.khoanh, r.lo), sublabel: `${r.commune} · ${r.dtich} ha`, center: [r.cx, r.cy], bbox: bbox(r) };
}
