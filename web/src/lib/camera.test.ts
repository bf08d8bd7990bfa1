import { describe, expect, it } from 'vitest';
import { cameraFor } from './camera.ts';

describe('cameraFor', () => {
  it('fits a hit with an extent', () => {
    expect(cameraFor({ kind: 'tieukhu', center: [108, 14.5], bbox: [107.98, 14.48, 108.02, 14.52] })).toEqual({
      kind: 'bounds',
      bounds: [107.98, 14.48, 108.02, 14.52],
      maxZoom: 16,
    });
  });
  it('centres a point hit at the zoom of its kind', () => {
    expect(cameraFor({ kind: 'village', center: [108, 14.5], bbox: null })).toEqual({ kind: 'center', center: [108, 14.5], zoom: 13.5 });
    expect(cameraFor({ kind: 'coordinate', center: [108, 14.5], bbox: [108, 14.5, 108, 14.5] })).toEqual({ kind: 'center', center: [108, 14.5], zoom: 14 });
  });
});
