import { describe, expect, it } from 'vitest';
import { bumpLayers, CRITERIA_LAYERS, layerRevision, setLayerVersions } from './layerRevisions.ts';

describe('layer revisions', () => {
  it('bumps only the layers a write changed', () => {
    const plots = layerRevision('plots');
    const communes = layerRevision('communes');
    bumpLayers(CRITERIA_LAYERS);
    expect(layerRevision('communes')).toBe(communes + 1);
    expect(layerRevision('plots')).toBe(plots);
  });

  it('adopts newer server versions and never goes back', () => {
    setLayerVersions({ plots: 40 });
    expect(layerRevision('plots')).toBe(40);
    setLayerVersions({ plots: 12 });
    expect(layerRevision('plots')).toBe(40);
  });
});
