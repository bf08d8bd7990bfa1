import { describe, expect, it } from 'vitest';
import {
  assessSurvival,
  designPerHa,
  survivalPct,
  SamplePlotsInput,
  SurvivalInputError,
  survivingPerHa,
  type SamplePlot,
} from '../../server/domain/survival.ts';
import { InspectionBody } from '../../server/domain/forest.ts';

const plot = (planted: number, surviving: number, areaM2 = 100): SamplePlot => ({ areaM2, planted, surviving });

/** A complete inspection body (POST /api/inspections) around the given sample plots. */
const body = (plots: unknown) => ({ plantingId: 7, inspectedOn: '2024-10-15', stage: 1, clientRequestId: 'c0ffee-0001', lastInspectionId: null, plots });

function issuesOf(plots: unknown): { path: string; message: string }[] {
  const r = SamplePlotsInput.safeParse(plots);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('survivalPct: pooled counts over the sample plots', () => {
  it.each([
    { name: 'one plot', plots: [plot(16, 14)], pct: 87.5 },
    { name: 'pooled, not the mean of plot ratios', plots: [plot(10, 10), plot(30, 15)], pct: 62.5 }, // mean of ratios would be 75
    { name: 'rounded to 2 decimals', plots: [plot(16, 14), plot(17, 15)], pct: 87.88 }, // 29/33 = 87.8787…
    { name: 'one third', plots: [plot(3, 1)], pct: 33.33 },
    { name: 'two thirds rounds up', plots: [plot(3, 2)], pct: 66.67 },
    { name: 'all alive', plots: [plot(20, 20), plot(20, 20)], pct: 100 },
    { name: 'none alive', plots: [plot(20, 0)], pct: 0 },
    { name: 'half-way value rounds up', plots: [plot(2000, 1701)], pct: 85.05 },
    { name: 'area does not weigh the percentage', plots: [plot(10, 10, 1000), plot(10, 0, 10)], pct: 50 },
  ])('$name → $pct %', ({ plots, pct }) => {
    expect(survivalPct(plots)).toBe(pct);
  });
});

describe('densities per hectare', () => {
  it('surviving and design density from the pooled area', () => {
    const plots = [plot(16, 14, 100), plot(17, 15, 100)];
    expect(survivingPerHa(plots)).toBe(1450); // 29 / 200 m² × 10 000
    expect(designPerHa(plots)).toBe(1650); // 33 / 200 m² × 10 000
  });
  it('rounded to 2 decimals', () => {
    expect(survivingPerHa([plot(10, 7, 300)])).toBe(233.33);
    expect(designPerHa([plot(10, 7, 300)])).toBe(333.33);
  });
});

describe('assessSurvival: result from classifySurvival on the rounded percentage', () => {
  it.each([
    { surviving: 86, result: 'accepted' },
    { surviving: 85, result: 'replant' }, // exactly 85 % is not "above 85 %"
    { surviving: 50, result: 'replant' }, // exactly 50 % is not "below 50 %"
    { surviving: 49, result: 'rejected' },
    { surviving: 70, result: 'replant' },
    { surviving: 100, result: 'accepted' },
    { surviving: 0, result: 'rejected' },
  ] as const)('$surviving of 100 → $result', ({ surviving, result }) => {
    expect(assessSurvival([plot(100, surviving)]).result).toBe(result);
  });

  it('85.004 % rounds to 85.00 and stays replant, so survival_pct and result agree', () => {
    // 21251 / 25000 = 85.004 %
    const a = assessSurvival([plot(25000, 21251, 10000)]);
    expect(a.survivalPct).toBe(85);
    expect(a.result).toBe('replant');
  });

  it('85.01 % is accepted', () => {
    const a = assessSurvival([plot(10000, 8501, 10000)]);
    expect(a.survivalPct).toBe(85.01);
    expect(a.result).toBe('accepted');
  });

  it('uses configurable thresholds', () => {
    const strict = { acceptedAbovePct: 90, rejectedBelowPct: 60 };
    expect(assessSurvival([plot(100, 88)], strict).result).toBe('replant');
    expect(assessSurvival([plot(100, 91)], strict).result).toBe('accepted');
    expect(assessSurvival([plot(100, 59)], strict).result).toBe('rejected');
    expect(assessSurvival([plot(100, 60)], strict).result).toBe('replant');
  });

  it('reports totals and densities', () => {
    expect(assessSurvival([plot(16, 14), plot(17, 15)])).toEqual({
      plots: 2,
      planted: 33,
      surviving: 29,
      areaM2: 200,
      survivalPct: 87.88,
      survivingPerHa: 1450,
      designPerHa: 1650,
      result: 'accepted',
    });
  });
});

describe('refused input', () => {
  it('no plots', () => {
    expect(() => survivalPct([])).toThrow(SurvivalInputError);
    expect(() => survivalPct([])).toThrow('Cần ít nhất một ô tiêu chuẩn / At least one sample plot is required');
  });

  it('zero planted', () => {
    expect(() => survivalPct([plot(0, 0)])).toThrow('Số cây trồng phải lớn hơn 0 / Planted must be greater than 0');
    expect(issuesOf([plot(10, 5), plot(0, 0)])).toEqual([{ path: '1.planted', message: 'Số cây trồng phải lớn hơn 0 / Planted must be greater than 0' }]);
  });

  it('surviving greater than planted names the plot, Vietnamese first', () => {
    expect(issuesOf([plot(100, 90), plot(100, 120)])).toEqual([
      {
        path: '1.surviving',
        message: 'Số cây sống (120) lớn hơn số cây trồng (100) ở ô tiêu chuẩn 2 / Surviving (120) exceeds planted (100) in sample plot 2',
      },
    ]);
    try {
      assessSurvival([plot(100, 90), plot(100, 120)]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SurvivalInputError);
      expect((e as SurvivalInputError).issues[0].path).toBe('1.surviving');
      expect((e as SurvivalInputError).message).toMatch(/^Số cây sống \(120\)/);
    }
  });

  it('surviving equal to planted is fine', () => {
    expect(issuesOf([plot(100, 100)])).toEqual([]);
  });

  it.each([
    { name: 'negative surviving', p: plot(10, -1), path: '0.surviving' },
    { name: 'fractional planted', p: plot(10.5, 5), path: '0.planted' },
    { name: 'fractional surviving', p: plot(10, 5.5), path: '0.surviving' },
    { name: 'area below 1 m²', p: plot(10, 5, 0.5), path: '0.areaM2' },
    { name: 'area above 10 000 m²', p: plot(10, 5, 10_001), path: '0.areaM2' },
    { name: 'planted as text', p: { areaM2: 100, planted: '10', surviving: 5 }, path: '0.planted' },
  ])('$name', ({ p, path }) => {
    const issues = issuesOf([p]);
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues[0].message).toMatch(/^[^/]+ \/ [^/]+$/); // "Vietnamese / English"
  });

  it('area boundaries 1 and 10 000 m² are accepted', () => {
    expect(issuesOf([plot(1, 1, 1), plot(10, 5, 10_000)])).toEqual([]);
  });

  it('more than 50 plots', () => {
    const plots = Array.from({ length: 51 }, () => plot(10, 9));
    expect(issuesOf(plots)[0].message).toBe('Tối đa 50 ô tiêu chuẩn / At most 50 sample plots');
    expect(issuesOf(plots.slice(0, 50))).toEqual([]);
  });
});

describe('the inspection body (the HTTP boundary)', () => {
  it('accepts a complete body', () => {
    const b = { ...body([plot(16, 14), plot(17, 15)]), team: 'Tổ nghiệm thu huyện Kon Plông', gps: [108.0021, 14.3512], note: null };
    expect(InspectionBody.parse(b)).toEqual({ ...b, photos: [] });
  });

  it('refuses bad plots with the path to the field', () => {
    const r = InspectionBody.safeParse(body([plot(100, 120)]));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['plots', 0, 'surviving']);
  });

  it('refuses an empty plot list and a bad date', () => {
    const r = InspectionBody.safeParse({ ...body([]), inspectedOn: '15/10/2024' });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['inspectedOn', 'plots']));
  });
});
