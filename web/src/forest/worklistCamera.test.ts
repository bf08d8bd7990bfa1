import { describe, expect, it } from 'vitest';
import { ZOOMS } from '../../../server/domain/classes.ts';
import { worklistCamera } from './plotFilter.ts';

const row = (lon: number, lat: number) => ({ center: [lon, lat] as [number, number], bbox: [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002] as [number, number, number, number] });

describe('worklistCamera: "Xem trên bản đồ" goes where the lô are drawn', () => {
  it('fits the lô when they are close together', () => {
    const cam = worklistCamera([row(108, 14.3), row(108.03, 14.32)]);
    expect(cam?.kind).toBe('bounds');
    if (cam?.kind !== 'bounds') return;
    [107.998, 14.298, 108.032, 14.322].forEach((v, i) => expect(cam.bounds[i]).toBeCloseTo(v, 9));
  });

  it('goes to the densest group at a zoom where lô are drawn when they are spread over the province', () => {
    const cam = worklistCamera([row(107.6, 14.9), row(108, 14.3), row(108.01, 14.31), row(108.005, 14.305)]);
    expect(cam).toMatchObject({ kind: 'center', center: [108, 14.3] });
    expect(cam && cam.kind === 'center' ? cam.zoom : 0).toBeGreaterThanOrEqual(ZOOMS.plotsMin);
  });

  it('has nowhere to go without lô', () => {
    expect(worklistCamera([])).toBeNull();
  });
});
