import { describe, expect, it } from 'vitest';
import { checkInspectionDraft, readNumber, type InspectionDraft } from './inspectionCheck.ts';

const draft = (plots: InspectionDraft['plots'], more: Partial<InspectionDraft> = {}): InspectionDraft => ({
  inspectedOn: '2024-05-02',
  stage: '2',
  mode: 'count',
  plots,
  plantingYear: 2022,
  today: '2024-06-01',
  ...more,
});
const plot = (areaM2: string, count: string, surviving: string) => ({ areaM2, count, surviving });

describe('readNumber', () => {
  it('reads what inspectors type and refuses the rest', () => {
    expect(readNumber('16')).toBe(16);
    expect(readNumber('12,5')).toBe(12.5);
    expect(readNumber(' 12.5 ')).toBe(12.5);
    expect(readNumber('')).toBeNull();
    expect(readNumber('1e2')).toBeNaN();
    expect(readNumber('16.5 cây')).toBeNaN();
    expect(readNumber('0x10')).toBeNaN();
  });
});

describe('checkInspectionDraft: every refusal a Vietnamese message at its field', () => {
  it('accepts a good draft', () => {
    expect(checkInspectionDraft(draft([plot('100', '16', '15')]))).toEqual({});
  });

  it.each([
    ['negative surviving', plot('100', '16', '-1'), 'plots.0.surviving', 'Số cây sống không được âm'],
    ['empty plot', plot('100', '', ''), 'plots.0.count', 'chưa nhập số cây trồng'],
    ['area 0', plot('0', '16', '15'), 'plots.0.areaM2', 'Diện tích ô tiêu chuẩn phải từ 1 m²'],
    ['area 20 000 m²', plot('20000', '16', '15'), 'plots.0.areaM2', 'không quá 10000 m²'],
    ['16.5 trees', plot('100', '16.5', '15'), 'plots.0.count', 'Số cây trồng phải là số nguyên'],
    ['negative planted', plot('100', '-5', '3'), 'plots.0.count', 'Số cây trồng phải lớn hơn 0'],
    ['1e2', plot('100', '1e2', '15'), 'plots.0.count', 'phải là một số'],
    ['surviving above planted', plot('100', '16', '20'), 'plots.0.surviving', 'lớn hơn số cây trồng'],
  ])('%s', (_, p, field, text) => {
    const issues = checkInspectionDraft(draft([p]));
    expect(issues[field]?.vi, JSON.stringify(issues)).toContain(text);
    expect(issues[field]?.vi).toMatch(/^(Ô tiêu chuẩn 1|Số cây sống \()/);
    expect(issues[field]?.en).toBeTruthy();
  });

  it('names the plot for the second plot', () => {
    const issues = checkInspectionDraft(draft([plot('100', '16', '15'), plot('100', '-5', '3')]));
    expect(Object.keys(issues)).toEqual(['plots.1.count']);
    expect(issues['plots.1.count']!.vi).toBe('Ô tiêu chuẩn 2: Số cây trồng phải lớn hơn 0');
  });

  it('checks the date and the stage in words, not browser bubbles', () => {
    expect(checkInspectionDraft(draft([plot('100', '16', '15')], { inspectedOn: '' })).inspectedOn!.vi).toBe('Chưa nhập ngày kiểm tra');
    expect(checkInspectionDraft(draft([plot('100', '16', '15')], { inspectedOn: '2024-07-01' })).inspectedOn!.vi).toContain('tương lai');
    expect(checkInspectionDraft(draft([plot('100', '16', '15')], { inspectedOn: '2021-12-01' })).inspectedOn!.vi).toContain('trước năm trồng 2022');
    for (const s of ['0', '11', '1,5', '', 'hai']) {
      expect(checkInspectionDraft(draft([plot('100', '16', '15')], { stage: s })).stage!.vi, s).toBe('Lần kiểm tra là số nguyên từ 1 đến 10');
    }
  });

  it('density mode names the density', () => {
    const issues = checkInspectionDraft(draft([plot('100', '', '15')], { mode: 'density' }));
    expect(issues['plots.0.count']!.vi).toBe('Ô tiêu chuẩn 1: chưa nhập mật độ thiết kế');
    expect(checkInspectionDraft(draft([plot('1', '1000', '0')], { mode: 'density' }))['plots.0.count']!.vi).toContain('mật độ thiết kế cho 0 cây');
  });
});
