import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { VillageFeatureProps } from '../../../../server/domain/api.ts';
import { VILLAGE_BANDS } from '../../../../server/domain/classes.ts';
import { rgbToHex } from '../../lib/color.ts';
import { buildStyle } from '../../lib/style.ts';
import { VILLAGES_MIN_ZOOM } from './symbol.ts';
import { villageGeoJson } from './style.ts';

const villages: FeatureCollection<Point, VillageFeatureProps> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [107.9, 14.4] },
      properties: { code: '23245-01', name: 'Thôn 1', commune_code: '23245', commune_name: 'Ia Chim', ethnic_minority: true, pilot_tier: 'city', criteria_met: 10, recognised: false, target: false },
    },
  ],
};
const opts = { origin: 'http://x', year: 2023, criterion: null, layers: ['communes', 'villages'] as const, selection: null };

describe('the villages in the map style (a maplibre circle layer, no deck.gl)', () => {
  it('is a GeoJSON source whose points carry their symbol, under every label', () => {
    const style = buildStyle({ ...opts, villages });
    const layer = style.layers.find((l) => l.id === 'villages')!;
    expect(layer).toMatchObject({ type: 'circle', source: 'villages', minzoom: VILLAGES_MIN_ZOOM, layout: { visibility: 'visible' } });
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('villages')).toBeLessThan(ids.indexOf('plots-label'));
    expect(ids.indexOf('villages')).toBeGreaterThan(Math.max(...ids.filter((id) => id.startsWith('highlight')).map((id) => ids.indexOf(id))));
    const [f] = villageGeoJson(villages).features;
    expect(f!.properties).toMatchObject({ fill: rgbToHex(VILLAGE_BANDS[0]!.color), line: '#212121', radius: 8, lineWidth: 2 });
  });
  it('gives the same GeoJSON for the same data (a style diff sees no change) and hides the layer when off', () => {
    expect(villageGeoJson(villages)).toBe(villageGeoJson(villages));
    const off = buildStyle({ ...opts, layers: ['communes'], villages });
    expect(off.layers.find((l) => l.id === 'villages')!.layout).toMatchObject({ visibility: 'none' });
    expect(buildStyle(opts).sources.villages).toMatchObject({ type: 'geojson', data: { features: [] } });
  });
  it('marks the selected village in its paint, not its data', () => {
    const a = buildStyle({ ...opts, villages });
    const b = buildStyle({ ...opts, villages, selection: { kind: 'village', id: '23245-01' } });
    expect(b.sources.villages).toEqual(a.sources.villages);
    expect(JSON.stringify(b.layers.find((l) => l.id === 'villages'))).toContain('23245-01');
  });
});
