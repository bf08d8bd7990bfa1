/**
 * Import targets and their fields, with the presets that map a file's columns onto them: the
 * national forest-inventory attribute names (tk, khoanh, lo, maxa, dtich, ldlr/maldlr, churung,
 * namtr, loaicay, malr3 — ../shared/facts/forest-plot-attribute-schema-notes.md) and the
 * statistics office's unit codes (gso_ma_xa, ma_xa, mahuyen …). Rows are matched to existing ones
 * by official code only, never by name.
 */
import { foldName } from '../domain/text.ts';
import { UPLOAD_HEADERS } from '../domain/ntm.ts';
import { ImportError } from './errors.ts';

export const IMPORT_TARGETS = ['communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria'] as const;
export const IMPORT_MODES = ['merge', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export type FieldType = 'code' | 'text' | 'int' | 'number' | 'bool';

export interface TargetField {
  name: string;
  type: FieldType;
  required?: boolean;
  /** column names that map to this field (compared lower-case, without diacritics) */
  aliases: string[];
  /** digits of an official code (a number column loses leading zeros) */
  pad?: number;
}

export interface TargetDef {
  id: ImportTarget;
  label: { vi: string; en: string };
  /** none: a table of records (criteria status), no coordinates needed */
  geometry: 'polygon' | 'point' | 'none';
  fields: TargetField[];
  /** the official key of a mapped row (null: missing) */
  key(a: Record<string, unknown>): string | null;
  /** tile layers whose data version a commit bumps */
  layers: string[];
  /** modes offered (replace: the target's rows in the file's scope that the file lacks are removed) */
  modes: ImportMode[];
  /** what replace removes, said to the user (only for targets offering replace) */
  replaceScope?: { vi: string; en: string };
}

/** The criteria upload's header names (domain/ntm.ts), folded the way autoMapping folds a column. */
const uploadAliases = (f: keyof typeof UPLOAD_HEADERS, more: string[] = []) => [...more, ...UPLOAD_HEADERS[f].map((h) => h.replace(/ /g, '_'))];

const COMMUNE_CODE: TargetField = { name: 'commune_code', type: 'code', pad: 5, aliases: ['maxa', 'ma_xa', 'gso_ma_xa', 'commune_code', 'commune', 'ma_dvhc_xa'] };

const str = (v: unknown) => (v == null || v === '' ? null : String(v));

export const TARGETS: Record<ImportTarget, TargetDef> = {
  communes: {
    id: 'communes',
    label: { vi: 'ranh giới xã, phường, thị trấn', en: 'commune boundaries' },
    geometry: 'polygon',
    fields: [
      { name: 'code', type: 'code', required: true, pad: 5, aliases: ['gso_ma_xa', 'maxa', 'ma_xa', 'code', 'ma', 'ma_dvhc', 'madvhc', 'commune_code'] },
      { name: 'name', type: 'text', aliases: ['gso_ten_xa', 'tenxa', 'ten_xa', 'name', 'ten'] },
      { name: 'district_code', type: 'code', pad: 3, aliases: ['gso_ma_huyen', 'mahuyen', 'ma_huyen', 'district_code'] },
    ],
    key: (a) => str(a.code),
    layers: ['communes'],
    modes: ['merge'],
  },
  districts: {
    id: 'districts',
    label: { vi: 'ranh giới huyện, thành phố', en: 'district boundaries' },
    geometry: 'polygon',
    fields: [
      { name: 'code', type: 'code', required: true, pad: 3, aliases: ['gso_ma_huyen', 'mahuyen', 'ma_huyen', 'code', 'ma', 'ma_dvhc', 'district_code'] },
      { name: 'name', type: 'text', aliases: ['gso_ten_huyen', 'tenhuyen', 'ten_huyen', 'name', 'ten'] },
    ],
    key: (a) => str(a.code),
    layers: ['districts'],
    modes: ['merge'],
  },
  tieukhu: {
    id: 'tieukhu',
    label: { vi: 'tiểu khu', en: 'tiểu khu' },
    geometry: 'polygon',
    fields: [{ name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] }, { ...COMMUNE_CODE, required: true }],
    key: (a) => str(a.tk),
    layers: ['tieukhu'],
    modes: ['merge'],
  },
  khoanh: {
    id: 'khoanh',
    label: { vi: 'khoảnh', en: 'khoảnh' },
    geometry: 'polygon',
    fields: [
      { name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] },
      { name: 'khoanh', type: 'int', required: true, aliases: ['khoanh', 'makhoanh', 'ma_khoanh'] },
      { ...COMMUNE_CODE, required: true },
    ],
    key: (a) => (a.tk == null || a.khoanh == null ? null : `${a.tk}/${a.khoanh}`),
    layers: ['khoanh'],
    modes: ['merge'],
  },
  plots: {
    id: 'plots',
    label: { vi: 'lô rừng', en: 'forest plots (lô)' },
    geometry: 'polygon',
    fields: [
      { name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] },
      { name: 'khoanh', type: 'int', required: true, aliases: ['khoanh', 'makhoanh', 'ma_khoanh'] },
      { name: 'lo', type: 'text', required: true, aliases: ['lo', 'malo', 'ma_lo', 'lo_rung'] },
      { ...COMMUNE_CODE, required: true },
      { name: 'dtich', type: 'number', aliases: ['dtich', 'dientich', 'dien_tich', 'area_ha', 'dt'] },
      { name: 'ldlr', type: 'text', required: true, aliases: ['ldlr', 'maldlr', 'sldlr', 'loai_dat_loai_rung'] },
      { name: 'forest_function', type: 'text', aliases: ['malr3', 'chucnang', 'chuc_nang', 'forest_function', 'mdsd'] },
      { name: 'churung', type: 'text', aliases: ['churung', 'chu_rung', 'chuquanly'] },
      { name: 'namtr', type: 'int', aliases: ['namtr', 'namtrong', 'nam_trong'] },
      { name: 'loaicay', type: 'text', aliases: ['loaicay', 'loai_cay', 'sploai'] },
    ],
    key: (a) => (a.tk == null || a.khoanh == null || a.lo == null ? null : `${a.tk}/${a.khoanh}/${a.lo}`),
    layers: ['plots'],
    modes: ['merge', 'replace'],
    replaceScope: { vi: 'các lô của những xã có trong tệp mà tệp không có sẽ bị xóa', en: 'the lô of the communes in the file that the file lacks are removed' },
  },
  villages: {
    id: 'villages',
    label: { vi: 'thôn, làng', en: 'villages' },
    geometry: 'point',
    fields: [
      { name: 'code', type: 'code', required: true, aliases: ['ma_thon', 'mathon', 'code', 'village_code', 'ma'] },
      { name: 'name', type: 'text', required: true, aliases: ['ten_thon', 'tenthon', 'name', 'ten'] },
      { ...COMMUNE_CODE, required: true },
      { name: 'kind', type: 'text', aliases: ['loai', 'kind'] },
      { name: 'ethnic_minority', type: 'bool', aliases: ['dtts', 'ethnic_minority', 'thon_dtts'] },
      { name: 'main_ethnic', type: 'text', aliases: ['dan_toc', 'dantoc', 'main_ethnic'] },
      { name: 'households', type: 'int', aliases: ['so_ho', 'soho', 'households'] },
    ],
    key: (a) => str(a.code),
    layers: ['villages'],
    modes: ['merge'],
  },
  criteria: {
    id: 'criteria',
    label: { vi: 'kết quả tiêu chí NTM (xã, thôn theo năm)', en: 'NTM criteria status (communes, villages, per year)' },
    geometry: 'none',
    // read as text: the criteria upload's own row schema (domain/ntm.ts CriteriaUploadRow) parses them
    fields: [
      { name: 'code', type: 'text', required: true, aliases: uploadAliases('code', ['gso_ma_xa', 'ma_xa', 'maxa', 'ma_thon', 'mathon', 'ma_don_vi']) },
      { name: 'year', type: 'text', required: true, aliases: uploadAliases('year') },
      { name: 'criterion', type: 'text', required: true, aliases: uploadAliases('criterion', ['tieu_chi', 'so_tieu_chi', 'tieuchi']) },
      { name: 'met', type: 'text', required: true, aliases: uploadAliases('met') },
      { name: 'evidence', type: 'text', aliases: uploadAliases('evidence') },
      { name: 'evidenceDate', type: 'text', aliases: uploadAliases('evidenceDate', ['ngay_minh_chung', 'evidence_date']) },
    ],
    key: (a) => (a.code == null || a.year == null || a.criterion == null ? null : `${a.code}/${a.year}/${a.criterion}`),
    layers: ['communes', 'villages'],
    modes: ['merge', 'replace'],
    replaceScope: {
      vi: 'với mỗi xã/thôn và năm có trong tệp, các tiêu chí tệp không có sẽ bị xóa',
      en: 'for each commune/village and year in the file, the criteria the file lacks are removed',
    },
  },
};

/** 422 unless the target offers the mode (checked before the file is read). */
export function assertMode(t: TargetDef, mode: ImportMode): void {
  if (t.modes.includes(mode)) return;
  throw new ImportError(
    'mode_unsupported',
    `Nhập ${t.label.vi} chỉ theo kiểu: ${t.modes.map((m) => (m === 'merge' ? 'cập nhật (merge)' : 'thay thế (replace)')).join(', ')}`,
    `${t.label.en} import only in mode: ${t.modes.join(', ')}`,
    { modes: t.modes },
  );
}

/**
 * The targets as the API lists them (GET /api/import/targets, and the import screen's options):
 * what each takes, with each field's type, and which modes it offers.
 */
export function describeTargets() {
  return IMPORT_TARGETS.map((id) => {
    const t = TARGETS[id];
    return {
      id,
      label: t.label,
      geometry: t.geometry,
      modes: t.modes,
      replaceScope: t.replaceScope ?? null,
      fields: t.fields.map((f) => ({ name: f.name, type: f.type, required: f.required ?? false, aliases: f.aliases })),
    };
  });
}

const foldKey = (s: string) => foldName(s).replace(/[\s-]+/g, '_');

/**
 * The mapping target field → source column: the user's choices first, then the presets' aliases.
 * @example autoMapping(TARGETS.plots, ['TK', 'KHOANH', 'LO', 'MAXA', 'DTICH', 'MALDLR']) // {tk: 'TK', …, ldlr: 'MALDLR'}
 */
export function autoMapping(t: TargetDef, fields: string[], chosen: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const byFolded = new Map(fields.map((f) => [foldKey(f), f]));
  for (const f of t.fields) {
    if (chosen[f.name] && fields.includes(chosen[f.name]!)) {
      out[f.name] = chosen[f.name]!;
      continue;
    }
    const hit = f.aliases.map((a) => byFolded.get(a)).find(Boolean);
    if (hit) out[f.name] = hit;
  }
  return out;
}

/** '3' (malr3), 'Sản xuất', 'production' → production; unknown → null. */
export function forestFunctionOf(v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = foldName(String(v));
  if (['1', 'dd', 'dac dung', 'rung dac dung', 'special_use', 'special use'].includes(s)) return 'special_use';
  if (['2', 'ph', 'phong ho', 'rung phong ho', 'protection'].includes(s)) return 'protection';
  if (['3', 'sx', 'san xuat', 'rung san xuat', 'production'].includes(s)) return 'production';
  if (['ngoai', 'ngoai quy hoach', 'outside', '0', '4'].includes(s)) return 'outside';
  return null;
}

/** One field's value from a source value, or undefined when it cannot be read as the type. */
export function convertValue(f: TargetField, v: unknown): unknown {
  if (v == null || (typeof v === 'string' && v.trim() === '')) return null;
  switch (f.type) {
    case 'code': {
      const s = typeof v === 'number' ? String(Math.trunc(v)) : String(v).trim().replace(/\.0+$/, '');
      return /^\d+$/.test(s) && f.pad ? s.padStart(f.pad, '0') : s;
    }
    case 'text':
      return typeof v === 'number' ? String(v) : String(v).trim();
    case 'int': {
      const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
      return Number.isInteger(n) ? n : undefined;
    }
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool': {
      const s = foldName(String(v));
      if (['1', 'true', 'x', 'co', 'yes', 'c'].includes(s)) return true;
      if (['0', 'false', 'khong', 'no', 'k', ''].includes(s)) return false;
      return undefined;
    }
  }
}
