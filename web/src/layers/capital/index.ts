/**
 * The national target programmes' capital by district (report 002): each district filled by the
 * share of the year's central capital it had allocated in detail, in the registry's bands
 * (server/domain/layers.ts CAPITAL_CLASSES). Figures exist for 2022 and 2023: the map's year is
 * brought into that range. A click opens the district's figures.
 */
import { paletteColors, type PaletteColors } from '../palette.ts';
import { lazy } from 'react';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { CAPITAL_CLASSES } from '../../../../server/domain/layers.ts';
import { featureOf, type Selection } from '../../lib/selection.ts';
import { highlightLine, INK, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, LegendOptions, LegendSection, StyleContext, WebLayer } from '../types.ts';

/** The years with figures (migration 046). */
export const CAPITAL_YEARS = [2022, 2023] as const;

/** The capital year shown for the map's year: 2022 up to 2022, 2023 from 2023. */
export function capitalYear(year: number | null | undefined): number {
  return year != null && year <= CAPITAL_YEARS[0] ? CAPITAL_YEARS[0] : CAPITAL_YEARS[1];
}

export function capitalColorExpression(p: PaletteColors = paletteColors('standard')): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'cls']];
  for (const c of CAPITAL_CLASSES) match.push(c.id, p.capital[c.id]);
  match.push('#cccccc');
  return match as ExpressionSpecification;
}

function selectedFilter(sel: Selection | null): FilterSpecification {
  const f = sel?.kind === 'feature' ? featureOf(sel.id) : null;
  return f?.layer === 'capital' ? ['==', ['get', 'code'], f.id] : NOTHING;
}

function capitalStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('capital'));
  const url = tileUrl(ctx.origin, 'capital', { year: capitalYear(ctx.year), v: ctx.versions?.capital });
  return {
    sources: { capital: vectorSource(url, 0) },
    base: [
      {
        id: 'capital-fill', type: 'fill', source: 'capital', 'source-layer': 'capital',
        layout: { visibility: on },
        paint: { 'fill-color': capitalColorExpression(ctx.palette), 'fill-opacity': ctx.baseOpacity, 'fill-outline-color': INK },
      },
    ],
    highlight: highlightLine('highlight-capital', 'capital', selectedFilter(ctx.selection)),
    labels: [],
  };
}

export function capitalLegend(o: LegendOptions): LegendSection {
  const p = paletteColors(o.palette);
  return {
    layer: 'capital',
    title: 'capital.legend.title',
    titleParams: { year: capitalYear(o.commune?.year) },
    items: CAPITAL_CLASSES.map((c) => ({ label: `capital.cls.${c.id}` as const, color: p.capital[c.id], shape: 'fill' as const })),
    note: 'capital.legend.note',
  };
}

export const capital: WebLayer = {
  id: 'capital',
  label: 'layers.capital',
  minzoom: 0,
  defaultVisible: false,
  tileLayer: 'capital',
  z: { base: 14, label: 14 },
  style: capitalStyle,
  legend: capitalLegend,
  pickLayers: ['capital-fill'],
  select: (p) => (p.code != null ? { kind: 'feature', id: `capital/${String(p.code)}` } : null),
  detail: { kind: 'feature', Panel: lazy(() => import('./Info.tsx')) },
};
