/** The communes' part of the map style: fills by the chosen NTM style mode, outlines, names, highlight. */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { CHANGE_CLASSES, COMMUNE_BANDS, ZOOMS, type CommuneStyleMode } from '../../../../server/domain/classes.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';
import type { Selection } from '../../lib/selection.ts';
import { FONT, highlightLine, paletteHalo, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { CommuneStyle, LayerStyle, StyleContext } from '../types.ts';

const STANDARD = paletteColors('standard');
/** Colours of the criterion view (one criterion met or not), taken from the report bands. */
export const CRITERION_MET_COLOR = STANDARD.criterionMet;
export const CRITERION_NOT_MET_COLOR = STANDARD.criterionNotMet;

/** The effective commune style of the options (older callers pass only `criterion`). */
export function communeStyleOf(o: { criterion: number | null; commune?: CommuneStyle }): CommuneStyle {
  const mode = o.commune?.mode ?? (o.criterion != null ? 'criterion' : 'count');
  return { mode: mode === 'criterion' && o.criterion == null ? 'count' : mode, compare: o.commune?.compare ?? null, revision: o.commune?.revision ?? 0 };
}

/**
 * Fill colour of a commune by criteria met (the report's bands); wards and townships (not in
 * the programme) neutral grey; communes without an assessment in the year light grey.
 */
export function communeBandColorExpression(p: PaletteColors = STANDARD): ExpressionSpecification {
  const ascending = [...COMMUNE_BANDS].sort((a, b) => a.min - b.min);
  const step: unknown[] = ['step', ['get', 'criteria_met'], p.communeBands[ascending[0].id]];
  for (const b of ascending.slice(1)) step.push(b.min, p.communeBands[b.id]);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], p.notInProgramme,
    ['!', ['has', 'criteria_met']], p.noData,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of a commune by one criterion (tiles requested with ?criterion=). */
export function communeCriterionColorExpression(p: PaletteColors = STANDARD): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], p.notInProgramme,
    ['!', ['has', 'criterion_met']], p.noData,
    ['==', ['get', 'criterion_met'], true], p.criterionMet,
    p.criterionNotMet,
  ];
}

/**
 * Fill colour by NTM level: kiểu mẫu, nâng cao, recognised NTM, meeting every criterion but not
 * yet recognised, not yet; wards and townships neutral.
 */
export function communeLevelColorExpression(p: PaletteColors = STANDARD): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], p.notInProgramme,
    ['!', ['has', 'criteria_met']], p.noData,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'model']], p.levels.model,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'advanced']], p.levels.advanced,
    ['==', ['get', 'recognised'], true], p.levels.ntm,
    ['==', ['get', 'meets_all'], true], p.levels.meets_not_recognised,
    p.levels.none,
  ];
}

/** Fill colour by criteria gained or lost since the compared year (tiles requested with ?compare=). */
export function communeChangeColorExpression(p: PaletteColors = STANDARD): ExpressionSpecification {
  const step: unknown[] = ['step', ['get', 'change'], p.change[CHANGE_CLASSES[0].id]];
  for (const c of CHANGE_CLASSES.slice(1)) step.push(c.min, p.change[c.id]);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], p.notInProgramme,
    ['!', ['has', 'change']], p.noData,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of the year's targets: communes planned to reach NTM / nâng cao / kiểu mẫu that year. */
export function communeTargetColorExpression(p: PaletteColors = STANDARD): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], p.notInProgramme,
    ['!', ['has', 'target_level']], p.targets.none,
    ['match', ['get', 'target_level'], 'ntm', p.targets.ntm, 'advanced', p.targets.advanced, 'model', p.targets.model, p.targets.none],
  ];
}

/** The fill colour expression of a commune style mode. */
export function communeColorExpression(mode: CommuneStyleMode, p: PaletteColors = STANDARD): ExpressionSpecification {
  switch (mode) {
    case 'level':
      return communeLevelColorExpression(p);
    case 'criterion':
      return communeCriterionColorExpression(p);
    case 'change':
      return communeChangeColorExpression(p);
    case 'targets':
      return communeTargetColorExpression(p);
    default:
      return communeBandColorExpression(p);
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
        paint: { 'fill-color': communeColorExpression(cs.mode, ctx.palette), 'fill-opacity': fillOpacity, 'fill-antialias': false },
      },
      {
        id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'communes',
        layout: { visibility: on, 'line-join': 'round' },
        paint: { 'line-color': ctx.palette.outline, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4 * ctx.palette.outlineWidth, 12, 1.5 * ctx.palette.outlineWidth], 'line-opacity': 0.85 },
      },
    ],
    highlight: highlightLine('highlight-commune', 'communes', communeHighlightFilter(ctx.selection)),
    labels: [
      {
        id: 'communes-label', type: 'symbol', source: 'commune-labels', 'source-layer': 'communes', minzoom: 9.5,
        layout: { visibility: on, 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 9.5, 11, 13, 14], 'text-max-width': 7 },
        paint: { 'text-color': ctx.palette.label, ...paletteHalo(ctx.palette) },
      },
    ],
  };
}
