/**
 * What is wrong with an inspection being typed, field by field, in Vietnamese and English —
 * before it is sent, so Save never refuses silently and no browser bubble speaks English.
 * Numbers are read as inspectors type them ("16", "12,5", "12.5"); "1e2", "16.5 trees" or an
 * empty box are refused with a message, never guessed. The plot rules are the server's own
 * (InspectionBody of server/domain/forest.ts): the same messages, the same limits. Pure.
 */
import { InspectionBody } from '../../../server/domain/forest.ts';

export type Bilingual = { vi: string; en: string };

export interface DraftPlot {
  areaM2: string;
  /** planted trees, or the design density (trees/ha) in density mode */
  count: string;
  surviving: string;
}

export interface InspectionDraft {
  inspectedOn: string;
  stage: string;
  mode: 'count' | 'density';
  plots: DraftPlot[];
  plantingYear: number;
  /** today in Vietnam, YYYY-MM-DD */
  today: string;
}

/** Messages by field: 'inspectedOn', 'stage', 'plots', 'plots.0.areaM2', 'plots.0.count', 'plots.0.surviving'. */
export type DraftIssues = Record<string, Bilingual>;

const DECIMAL = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

/** "12,5" → 12.5; '' → null; anything else (1e2, 16.5 cây, 0x10) → NaN. */
export function readNumber(s: string): number | null {
  if (s.trim() === '') return null;
  return DECIMAL.test(s) ? Number(s.trim().replace(',', '.')) : NaN;
}

const split = (m: string): Bilingual => {
  const [vi, en] = m.split(' / ');
  return { vi: vi!, en: en ?? vi! };
};

const FIELD_NAMES: Record<keyof DraftPlot | 'density', Bilingual> = {
  areaM2: { vi: 'diện tích ô', en: 'plot area' },
  count: { vi: 'số cây trồng', en: 'planted' },
  density: { vi: 'mật độ thiết kế', en: 'design density' },
  surviving: { vi: 'số cây sống', en: 'surviving' },
};

/** Every problem of the draft; an empty object when it can be sent. */
export function checkInspectionDraft(d: InspectionDraft): DraftIssues {
  const issues: DraftIssues = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.inspectedOn)) {
    issues.inspectedOn = { vi: 'Chưa nhập ngày kiểm tra', en: 'The inspection date is missing' };
  } else if (d.inspectedOn > d.today) {
    issues.inspectedOn = { vi: 'Ngày kiểm tra không được ở tương lai', en: 'The inspection date cannot be in the future' };
  } else if (Number(d.inspectedOn.slice(0, 4)) < d.plantingYear) {
    issues.inspectedOn = { vi: `Ngày kiểm tra trước năm trồng ${d.plantingYear}`, en: `The inspection date is before the planting year ${d.plantingYear}` };
  }
  const stage = readNumber(d.stage);
  if (stage == null || !Number.isInteger(stage) || stage < 1 || stage > 10) {
    issues.stage = { vi: 'Lần kiểm tra là số nguyên từ 1 đến 10', en: 'The stage is a whole number from 1 to 10' };
  }
  if (d.plots.length === 0) issues.plots = { vi: 'Cần ít nhất một ô tiêu chuẩn', en: 'At least one sample plot is required' };

  // each box must hold a number first; the rules of the server then speak
  let readable = true;
  const plots = d.plots.map((p, i) => {
    const out: Record<string, number> = {};
    for (const k of ['areaM2', 'count', 'surviving'] as const) {
      const v = readNumber(p[k]);
      const name = FIELD_NAMES[k === 'count' && d.mode === 'density' ? 'density' : k];
      if (v == null) {
        issues[`plots.${i}.${k}`] = { vi: `Ô tiêu chuẩn ${i + 1}: chưa nhập ${name.vi}`, en: `Sample plot ${i + 1}: ${name.en} is missing` };
        readable = false;
      } else if (Number.isNaN(v)) {
        issues[`plots.${i}.${k}`] = { vi: `Ô tiêu chuẩn ${i + 1}: ${name.vi} phải là một số (ví dụ 16 hoặc 12,5)`, en: `Sample plot ${i + 1}: ${name.en} must be a number (e.g. 16 or 12.5)` };
        readable = false;
      } else out[k] = v;
    }
    return out;
  });
  if (!readable || d.plots.length === 0) return issues;

  const r = InspectionBody.safeParse({
    plantingId: 1,
    inspectedOn: d.today,
    stage: 1,
    clientRequestId: 'draft-check',
    lastInspectionId: null,
    plots: plots.map((p) =>
      d.mode === 'count' ? { areaM2: p.areaM2, planted: p.count, surviving: p.surviving } : { areaM2: p.areaM2, designPerHa: p.count, surviving: p.surviving },
    ),
  });
  if (!r.success) {
    for (const issue of r.error.issues) {
      const [root, i, field] = issue.path;
      if (root !== 'plots') continue;
      const key = i === undefined ? 'plots' : `plots.${String(i)}.${field === 'planted' || field === 'designPerHa' ? 'count' : String(field ?? 'count')}`;
      if (issues[key]) continue;
      const m = split(issue.message);
      // the shared messages of a single field do not name the plot: add its number
      issues[key] = i === undefined || /\d/.test(m.vi.slice(0, 16)) ? m : { vi: `Ô tiêu chuẩn ${Number(i) + 1}: ${m.vi}`, en: `Sample plot ${Number(i) + 1}: ${m.en}` };
    }
  }
  return issues;
}
