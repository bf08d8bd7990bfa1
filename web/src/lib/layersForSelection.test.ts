import { describe, expect, it } from 'vitest';
import { layersForSelection } from './layersForSelection.ts';

describe('layersForSelection', () => {
  it('adds the forest layers for a lô', () => {
    expect(layersForSelection({ kind: 'plot', id: '12' }, ['communes']).sort()).toEqual(['communes', 'khoanh', 'plots', 'tieukhu']);
  });
  it('switches to the map of 1 July 2025 for a new unit, and back for an old commune', () => {
    expect(layersForSelection({ kind: 'unit2025', id: '23284' }, ['communes', 'districts', 'villages'])).toEqual(['villages', 'units2025']);
    expect(layersForSelection({ kind: 'commune', id: '23311' }, ['villages', 'units2025']).sort()).toEqual(['communes', 'districts', 'villages']);
  });
  it('leaves the layers alone when the place is already on the map shown', () => {
    expect(layersForSelection({ kind: 'commune', id: '23311' }, ['communes', 'villages'])).toEqual(['communes', 'villages']);
    expect(layersForSelection({ kind: 'village', id: '23311-01' }, ['villages', 'units2025'])).toEqual(['villages', 'units2025']);
  });
});
