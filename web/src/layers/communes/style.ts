/** The communes' part of the map style: fills by the chosen NTM style mode, outlines, names, highlight. */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import {
  CHANGE_CLASSES,
  COMMUNE_BANDS,
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  NTM_LEVEL_COLORS,
  TARGET_COLORS,
  ZOOMS,
  type CommuneStyleMode,
} from '../../../../server/domain/classes.ts';
import type { Selection } from '../../lib/selection.ts';
import { FONT, halo, highlightLine, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { CommuneStyle, LayerStyle, StyleContext } from '../types.ts';

/** Colours of the criterion view (one criterion met or not), taken from the report bands. */
export const CRITERION_MET_COLOR = COMMUNE_BANDS.find((b) => b.id === '15-18')!.color;
export const CRITERION_NOT_MET_COLOR = COMMUNE_BANDS.find((b) => b.id === '5-9')!.color;

/** The effective commune style of the options (older callers pass only `criterion`). */
export function communeStyleOf(o: { criterion: number | null; commune?: CommuneStyle }): CommuneStyle {
  const mode = o.commune?.mode ?? (o.criterion != null ? 'criterion' : 'count');
  return { mode: mode === 'criterion' && o.criterion == null ? 'count' : mode, compare: o.commune?.compare ?? null, revision: o.commune?.revision ?? 0 };
}

/**
 * Fill colour of a commune by criteria met (the report's bands); wards and townships (not in
 * the programme) neutral grey; communes without an assessment in the year light grey.
 */
export function communeBandColorExpression(): ExpressionSpecification {
  const ascending = [...COMMUNE_BANDS].sort((a, b) => a.min - b.min);
  const step: unknown[] = ['step', ['get', 'criteria_met'], ascending[0].color];
  for (const b of ascending.slice(1)) step.push(b.min, b.color);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criteria_met']], NO_DATA_COLOR,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of a commune by one criterion (tiles requested with ?criterion=). */
export function communeCriterionColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criterion_met']], NO_DATA_COLOR,
    ['==', ['get', 'criterion_met'], true], CRITERION_MET_COLOR,
    CRITERION_NOT_MET_COLOR,
  ];
}

/**
 * Fill colour by NTM level: kiểu mẫu, nâng cao, recognised NTM, meeting every criterion but not
 * yet recognised, not yet; wards and townships neutral.
 */
export function communeLevelColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criteria_met']], NO_DATA_COLOR,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'model']], NTM_LEVEL_COLORS.model,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'advanced']], NTM_LEVEL_COLORS.advanced,
    ['==', ['get', 'recognised'], true], NTM_LEVEL_COLORS.ntm,
    ['==', ['get', 'meets_all'], true], NTM_LEVEL_COLORS.meets_not_recognised,
    NTM_LEVEL_COLORS.none,
  ];
}

/** Fill colour by criteria gained or lost since the compared year (tiles requested with ?compare=). */
export function communeChangeColorExpression(): ExpressionSpecification {
  const step: unknown[] = ['step', ['get', 'change'], CHANGE_CLASSES[0].color];
  for (const c of CHANGE_CLASSES.slice(1)) step.push(c.min, c.color);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'change']], NO_DATA_COLOR,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of the year's targets: communes planned to reach NTM / nâng cao / kiểu mẫu that year. */
export function communeTargetColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'target_level']], TARGET_COLORS.none,
    ['match', ['get', 'target_level'], 'ntm', TARGET_COLORS.ntm, 'advanced', TARGET_COLORS.advanced, 'model', TARGET_COLORS.model, TARGET_COLORS.none],
  ];
}

/** The fill colour expression of a commune style mode. */
export function communeColorExpression(mode: CommuneStyleMode): ExpressionSpecification {
  switch (mode) {
    case 'level':
      return communeLevelColorExpression();
    case 'criterion':
      return communeCriterionColorExpression();
    case 'change':
      return communeChangeColorExpression();
    case 'targets':
      return communeTargetColorExpression();
    default:
      return communeBandColorExpression();
  }
}

export function communeHighlightFilter(sel: Selection | null): FilterSpecification {
  return sel?.kind === 'commune' ? ['==', ['get', 'code'], sel.id] : NOTHING;
}

export function communesStyle(ctx: StyleContext): LayerStyle {
  const cs = ctx.commune;
  const on = visibility(ctx.on('communes'));
  const version = ctx.versions?.communes;
  // where the lô are drawn the communes step back to context, so the survival classes read first
  const fillOpacity: number | ExpressionSpecification = ctx.on('plots')
    ? ['interpolate', ['linear'], ['zoom'], ZOOMS.plotsMin - 0.5, ctx.baseOpacity, ZOOMS.plotsMin + 1, ctx.baseOpacity * 0.4]
    : ctx.baseOpacity;
  return {
    sources: {
      communes: vectorSource(
        tileUrl(ctx.origin, 'communes', {
          year: ctx.year,
          criterion: cs.mode === 'criterion' ? ctx.criterion : null,
          compare: cs.mode === 'change' ? cs.compare : null,
          v: version ?? (cs.revision ? cs.revision : null),
        }),
        0,
      ),
      // Label anchors from low-zoom tiles, overzoomed: a polygon cut by tile edges would get one
      // label per tile piece; from one coarse tile it gets one label (anchor precision ~40 m).
      'commune-labels': vectorSource(tileUrl(ctx.origin, 'communes', { v: version }), 0, LABEL_TILE_MAXZOOM.communes),
    },
    base: [
      {
        id: 'communes-fill', type: 'fill', source: 'communes', 'source-layer': 'communes',
        layout: { visibility: on },
        paint: { 'fill-color': communeColorExpression(cs.mode), 'fill-opacity': fillOpacity, 'fill-antialias': false },
      },
      {
        id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'communes',
        layout: { visibility: on, 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 12, 1.5], 'line-opacity': 0.85 },
      },
    ],
    highlight: highlightLine('highlight-commune', 'communes', communeHighlightFilter(ctx.selection)),
    labels: [
      {
        id: 'communes-label', type: 'symbol', source: 'commune-labels', 'source-layer': 'communes', minzoom: 9.5,
        layout: { visibility: on, 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 9.5, 11, 13, 14], 'text-max-width': 7 },
        paint: { 'text-color': '#333333', ...halo },
      },
    ],
  };
}
