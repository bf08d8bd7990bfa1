/**
 * The province view of the forest: each tiểu khu with planting filled by the class holding the
 * largest share of its planted area (tile layer 'tkplanting', precomputed per tiểu khu, migration
 * 042), stronger as that share grows. Drawn below the zoom where lô become legible; from there the
 * lô layer shows the same classes lô by lô. A click opens the tiểu khu.
 */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { DEFAULT_THRESHOLDS, SURVIVAL_CLASSES, ZOOMS } from '../../../../server/domain/classes.ts';
import { LAYER_REGISTRY } from '../../../../server/domain/layers.ts';
import type { PlotStyleFilter } from '../../forest/plotFilter.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';
import { tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, LegendItem, LegendOptions, LegendSection, StyleContext, WebLayer } from '../types.ts';

const MINZOOM = LAYER_REGISTRY.tkplanting.minzoom;
/** The zoom from which the lô layer draws the classes lô by lô: this layer ends there. */
export const TKPLANTING_MAXZOOM = ZOOMS.plotsMin;

/** Fill of a tiểu khu by its main class, in the palette's survival colours (as the lô layer). */
export function tkplantingColorExpression(p: PaletteColors = paletteColors('standard')): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'cls']];
  for (const c of SURVIVAL_CLASSES) match.push(c, p.survival[c]);
  match.push('#cccccc');
  return match as ExpressionSpecification;
}

/** The lô filters that apply to tiểu khu sums: the commune or district, and the classes shown. */
export function tkplantingFilter(f: PlotStyleFilter | null | undefined): FilterSpecification | null {
  if (!f) return null;
  const parts: unknown[] = [];
  if (f.communes) parts.push(['in', ['get', 'commune_code'], ['literal', f.communes]]);
  if (f.classes.length) parts.push(['in', ['get', 'cls'], ['literal', f.classes]]);
  return parts.length ? (['all', ...parts] as FilterSpecification) : null;
}

function tkplantingStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('tkplanting'));
  const filter = tkplantingFilter(ctx.plotFilter);
  const url = tileUrl(ctx.origin, 'tkplanting', { plantingYear: ctx.plotFilter?.plantingYear ?? null, v: ctx.versions?.tkplanting });
  return {
    sources: { tkplanting: vectorSource(url, MINZOOM, LAYER_REGISTRY.tkplanting.maxzoom) },
    base: [
      {
        id: 'tkplanting-fill', type: 'fill', source: 'tkplanting', 'source-layer': 'tkplanting',
        minzoom: MINZOOM, maxzoom: TKPLANTING_MAXZOOM, ...(filter ? { filter } : {}),
        layout: { visibility: on },
        // a class holding half the planted area reads weaker than one holding all of it
        paint: {
          'fill-color': tkplantingColorExpression(ctx.palette),
          'fill-opacity': ['interpolate', ['linear'], ['get', 'share_pct'], 34, 0.55, 100, 0.92],
          'fill-outline-color': '#1f5130',
        },
      },
    ],
    highlight: [],
    labels: [],
  };
}

function tkplantingLegend(o: LegendOptions): LegendSection {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const params = { a: t.acceptedAbovePct, b: t.rejectedBelowPct };
  const p = paletteColors(o.palette);
  return {
    layer: 'tkplanting',
    title: 'tkplanting.legend',
    items: SURVIVAL_CLASSES.map((c): LegendItem => ({ label: `legend.${c}`, params, color: p.survival[c], shape: 'fill' })),
    note: 'tkplanting.legendNote',
  };
}

export const tkplanting: WebLayer = {
  id: 'tkplanting',
  label: 'layers.tkplanting',
  minzoom: MINZOOM,
  // off by default: the province view stays the communes' NTM map until someone asks for the forest
  defaultVisible: false,
  tileLayer: 'tkplanting',
  z: { base: 35, label: 35 },
  style: tkplantingStyle,
  legend: tkplantingLegend,
  pickLayers: ['tkplanting-fill'],
  select: (p) => (p.tk != null ? { kind: 'tieukhu', id: `tk:${p.tk}` } : null),
};
