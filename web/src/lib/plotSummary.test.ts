import { describe, expect, it } from 'vitest';
import type { InspectionOut, PlotDetail } from '../../../server/domain/api.ts';
import { plotSummary } from './plotSummary.ts';

const inspection = (id: number, inspectedOn: string, stage: number, survivalPct: number): InspectionOut => ({
  id, plantingId: 1, inspectedOn, stage, team: null, survivalPct, result: 'accepted', gps: null, note: null, samplePlots: [], photos: [],
});
const planting = (id: number, year: number, inspections: InspectionOut[]): PlotDetail['plantings'][number] => ({
  id, year, areaHa: 1, species: 'Keo', funding: 'state', household: null, densityPerHa: 1660,
  withdrawnOn: null, withdrawnReason: null, cls: 'accepted', inspections,
});

describe('plotSummary', () => {
  it('takes the latest planting and its latest inspection, whatever the order received', () => {
    const s = plotSummary({
      plantings: [
        planting(2, 2022, [inspection(5, '2023-06-01', 2, 88), inspection(4, '2022-12-01', 1, 70)]),
        planting(1, 2019, [inspection(1, '2020-01-01', 1, 90)]),
      ],
    });
    expect(s.planting?.year).toBe(2022);
    expect(s.inspection?.survivalPct).toBe(88);
  });
  it('has no inspection for a planting not yet inspected and nothing for a lô never planted', () => {
    expect(plotSummary({ plantings: [planting(1, 2024, [])] }).inspection).toBeNull();
    expect(plotSummary({ plantings: [] })).toEqual({ planting: null, inspection: null });
  });
});
