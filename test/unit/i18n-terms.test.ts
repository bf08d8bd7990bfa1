/**
 * One word for each idea (issue 12, "Wording"): the dictionaries and the exports say "Đạt" for
 * a passing lô (as the reports do), "Chưa nghiệm thu", "Rút khỏi kế hoạch", "Tự có, xã hội hóa",
 * "Toàn tỉnh", and the wording leaders misread is gone. Dates on the survival chart read
 * dd/mm/yyyy.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TERMS } from '../../server/domain/terms.ts';
import { planTable } from '../../server/services/plan-export.ts';
import { plantingTable } from '../../server/services/planting-export.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { en } from '../../web/src/i18n/en.ts';
import { I18nProvider } from '../../web/src/i18n/I18nProvider.tsx';
import { SurvivalChart } from '../../web/src/forest/SurvivalChart.tsx';
import type { InspectionOut, PlantingStatsResponse } from '../../server/domain/api.ts';
import type { PlanRecord } from '../../server/domain/planner.ts';

const dicts = { vi, en } as const;
type Key = keyof typeof vi;

/** The keys that name each idea, and the word they must say. */
const SAME: [keyof typeof TERMS, Key[]][] = [
  ['accepted', ['result.accepted', 'planner.cls.accepted', 'planner.pl.accepted']],
  ['notInspected', ['legend.not_inspected', 'info.noInspection', 'result.not_inspected', 'planner.cls.not_inspected', 'planner.pl.notInspected']],
  ['withdrawn', ['legend.withdrawn', 'result.withdrawn', 'planner.cls.withdrawn', 'planner.pl.withdrawn']],
  ['selfFunded', ['funding.self', 'planner.funding.self']],
  ['stateFunded', ['funding.state', 'planner.funding.state']],
  ['wholeProvince', ['map.resetView', 'admin.users.province', 'ntm.screen.province', 'ntm.total.province', 'forest.allUnits', 'planner.wholeProvince']],
  ['plots', ['layers.plots']],
];

describe('one term per idea in the dictionaries', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: every key of an idea says its one word`, () => {
      const d = dicts[lang] as Record<string, string>;
      for (const [term, keys] of SAME) for (const k of keys) expect(d[k], `${lang} ${k}`).toBe(TERMS[term][lang]);
    });
  }
  it('vi: no other word for the same idea anywhere', () => {
    const forbidden = [/chưa kiểm tra/i, /rút khỏi dự án/i, /cả tỉnh/i, /tự bỏ vốn/i, /lô rừng trồng/i, /\(trên \d+\)/, /^Nghiệm thu( \(|$)/];
    for (const [k, v] of Object.entries(vi)) {
      if (k.startsWith('auth.role.')) continue; // "Nghiệm thu" as a role (the inspector) is not a result
      for (const f of forbidden) expect(v, `${k}: ${v}`).not.toMatch(f);
    }
    // a withdrawn lô is "rút khỏi kế hoạch" wherever it is said
    for (const [k, v] of Object.entries(vi)) if (/rút khỏi/i.test(v)) expect(v.toLowerCase(), k).toContain('rút khỏi kế hoạch');
  });
  it('vi: the wording leaders misread', () => {
    expect(vi['legend.communeBands']).toMatch(/trong số 19|\/19/);
    expect(vi['ntm.legend.change.gain6+']).toContain('trở lên');
    expect(vi['ntm.screen.lang']).toBe('Ngôn ngữ tệp tải về');
    expect(vi['legend.accepted']).toMatch(/^Đạt /);
  });
});

describe('the exports use the same words', () => {
  it('planting table and plan funding', () => {
    const s = { plantingYear: 2023, by: 'district', rows: [], total: { name: 'Kon Tum' } } as unknown as PlantingStatsResponse;
    const headers = plantingTable(s, 'vi').columns.map((c) => c.header.vi);
    expect(headers).toContain(TERMS.notInspected.vi);
    expect(headers.some((h) => h.startsWith(`${TERMS.accepted.vi} (`))).toBe(true);
    expect(headers.join('|')).not.toMatch(/Nghiệm thu|Chưa kiểm tra/);
    const plan = { year: 2024, name: 'KH', unitName: 'Xã A', funding: 'self', species: null, households: null, targetHa: null, version: 1, note: null, sites: [] } as unknown as PlanRecord;
    expect(planTable(plan, 'vi').notes!.map((n) => n.vi).join('|')).toContain(TERMS.selfFunded.vi);
  });
});

describe('survival chart dates', () => {
  it('reads dd/mm/yyyy (label) and mm/yyyy (axis), never ISO', () => {
    const insp = (id: number, inspectedOn: string, survivalPct: number): InspectionOut =>
      ({ id, plantingId: 1, inspectedOn, stage: 1, team: null, survivalPct, result: 'accepted', gps: null, note: null, samplePlots: [], photos: [] });
    const html = renderToStaticMarkup(
      createElement(I18nProvider, { lang: 'vi', children: createElement(SurvivalChart, { inspections: [insp(1, '2023-11-05', 91), insp(2, '2024-03-15', 88)], thresholds: { acceptedAbovePct: 85, rejectedBelowPct: 50 } }) }),
    );
    expect(html).toContain('05/11/2023');
    expect(html).toContain('15/03/2024');
    expect(html).toContain('>03/2024<');
    expect(html).not.toMatch(/2024-03|2023-11/);
  });
});
