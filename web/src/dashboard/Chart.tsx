/**
 * One chart of the dashboard: an SVG drawn by Observable Plot (print-sharp, screen-reader
 * labelled), with each datum's element carrying its exact API number (`data-key`, `data-value`),
 * its accessible label, and — when it stands for a district or commune — a click and Enter/Space
 * that select that unit on the map.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import type { Selection } from '../lib/selection.ts';

/** The dashboard's chart text: its own size, the page's font, labels free to overflow the frame. */
export const CHART_FONT = { fontSize: '12px', fontFamily: 'inherit', overflow: 'visible' } as const;

/** One datum drawn: its identity, exact number, label, and the unit it selects (if any). */
export interface Datum {
  key: string;
  value: number;
  /** the accessible label and tooltip, e.g. "Đăk Hà: 14,8 tiêu chí" */
  text: string;
  select?: Selection | null;
  /** whether this datum is the selected unit (drawn with an outline) */
  selected?: boolean;
}

/** A mark whose elements carry data: its class name and its data, in the order Plot draws them. */
export interface DataMark<T extends Datum = Datum> {
  className: string;
  data: readonly T[];
}

export interface ChartProps {
  /** id used by tests and print: data-chart */
  id: string;
  title: string;
  /** an explanation under the title (e.g. the year and unit) */
  note?: string;
  /** how to use the chart on screen ("choose a bar…"): left off paper */
  hint?: string;
  /** builds the Plot figure for a width in pixels */
  make(width: number): (SVGSVGElement | HTMLElement) & Plot.Plot;
  /** the marks whose elements stand for data */
  marks: readonly DataMark[];
  onSelect(sel: Selection): void;
  /** a legend row under the title: label and colour */
  legend?: readonly { label: string; color: string; kind?: 'swatch' | 'tick' }[];
  empty?: string | null;
}

export function Chart({ id, title, note, hint, make, marks, onSelect, legend, empty }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || width < 50 || empty) return;
    const fig = make(width);
    fig.setAttribute('role', 'group');
    fig.setAttribute('aria-label', title);
    for (const m of marks) {
      // Plot binds each element to its datum's index (d3 .data(index)): read it back
      for (const node of fig.querySelectorAll<SVGElement>(`.${m.className} > *, .${m.className} > a > *`)) {
        const i = (node as unknown as { __data__?: unknown }).__data__;
        if (typeof i !== 'number') continue;
        const d = m.data[i];
        if (!d) continue;
        node.setAttribute('data-key', d.key);
        node.setAttribute('data-value', String(d.value));
        if (d.selected) node.classList.add('dash-selected');
        const sel = d.select;
        if (!sel) continue;
        node.setAttribute('tabindex', '0');
        node.setAttribute('role', 'button');
        node.classList.add('dash-pickable');
        node.addEventListener('click', () => onSelect(sel));
        node.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect(sel);
          }
        });
      }
    }
    el.replaceChildren(fig);
    return () => {
      el.replaceChildren();
    };
  }, [make, marks, width, onSelect, title, empty]);

  return (
    <figure className="dash-chart" data-chart={id}>
      <figcaption>
        <h3>{title}</h3>
        {note ? <p className="dash-note">{note}</p> : null}
        {hint ? <p className="dash-note dash-hint">{hint}</p> : null}
        {legend?.length ? (
          <ul className="dash-legend">
            {legend.map((l) => (
              <li key={l.label}>
                <span className={l.kind === 'tick' ? 'dash-tick' : 'dash-swatch'} style={{ background: l.color }} aria-hidden="true" />
                {l.label}
              </li>
            ))}
          </ul>
        ) : null}
      </figcaption>
      {empty ? <p className="muted dash-empty">{empty}</p> : null}
      <div ref={box} className="dash-plot" hidden={!!empty} />
    </figure>
  );
}

export { Plot };
