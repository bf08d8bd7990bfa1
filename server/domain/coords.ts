/**
 * Coordinates as field inspectors type them: decimal degrees, degrees-minutes(-seconds), with or
 * without N/E/S/W, comma decimals, either order; or VN-2000 plane coordinates of Kon Tum's zone.
 * Pure: shared by the server (search) and the web client (inspection form, search box).
 *
 * Accepted, for example:
 *   14.3512, 108.0021        108.0021 14.3512         14,3512 108,0021        lat=14.3512 lon=108.0021
 *   14.3512N 108.0021E       N14.3512 E108.0021       14°21'04.3"N 108°00'07.6"E
 *   14 21 4.3 N 108 0 7.6 E  14°21.072' 108°0.127'    -12.5, -45.25
 *   X=1587654 Y=512345       1587654, 512345          VN2000 1587654.2 512345.8   VN-2000: Y=512345 X=1587654
 *
 * Order of two plain numbers: Kon Tum's ranges decide first (lat 13–16, lon 107–109); otherwise a
 * value outside ±90 is the longitude; two values within ±90 are read latitude first (the order
 * Google Maps and GPS units show). VN-2000 follows the Vietnamese convention X = northing,
 * Y = easting; in Kon Tum (northing 1.52–1.72 million m, easting 350–650 thousand m) the ranges do
 * not overlap, so the order is taken from the values and a GIS-style X/Y swap is corrected.
 */
import { isKontumVn2000 } from './vn2000-zone.ts';

export type CoordinateNotation = 'decimal' | 'dm' | 'dms';

export type ParsedCoordinate =
  | { kind: 'wgs84'; lon: number; lat: number; notation: CoordinateNotation }
  | { kind: 'vn2000'; x: number; y: number; inKontum: boolean };

/** Kon Tum's geographic window used to decide the order of two plain numbers. */
const KONTUM_LAT = { min: 13, max: 16 } as const;
const KONTUM_LON = { min: 107, max: 109 } as const;
/** Broad limits for a VN-2000 pair that is explicitly marked (VN2000 or X=/Y=) but outside Kon Tum. */
const VN2000_NORTHING = { min: 800_000, max: 2_700_000 } as const;
const VN2000_EASTING = { min: 0, max: 1_000_000 } as const;

type Unit = 0 | 1 | 2; // degrees, minutes, seconds
type Axis = 'lat' | 'lon';
type Label = Axis | 'x' | 'y';

type Token =
  | { t: 'num'; value: number; fraction: boolean; negative: boolean; unit?: Unit }
  | { t: 'hem'; axis: Axis; negative: boolean }
  | { t: 'label'; label: Label }
  | { t: 'marker' }
  | { t: 'sep' };

interface Group {
  nums: Extract<Token, { t: 'num' }>[];
  hem?: Extract<Token, { t: 'hem' }>;
  hemIsPrefix: boolean;
  label?: Label;
}

/** Typographic variants of degree, minute and second marks → ° ' " */
function normalize(input: string): string {
  return input
    .replace(/[º˚]/g, '°') // before NFKC, which turns the ordinal º into "o"
    .normalize('NFKC')
    .replace(/[′’‘´`ʹ]/g, "'")
    .replace(/[″“”ʺ]|''/g, '"')
    .replace(/[()[\]{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const TOKEN_RULES: { re: RegExp; make: (m: RegExpExecArray) => Token | null }[] = [
  { re: /\s+/y, make: () => null },
  { re: /vn-? ?2000\s*:?/y, make: () => ({ t: 'marker' }) },
  { re: /(latitude|lat|longitude|long|lon|lng|x|y)\s*[:=]?/y, make: (m) => ({ t: 'label', label: labelOf(m[1]) }) },
  {
    re: /([-+]?)(\d+)(?:[.,](\d+))?\s*([°'"])?/y,
    make: (m) => {
      const value = Number(`${m[2]}.${m[3] ?? '0'}`);
      const unit = m[4] === '°' ? 0 : m[4] === "'" ? 1 : m[4] === '"' ? 2 : undefined;
      return { t: 'num', value, fraction: m[3] !== undefined, negative: m[1] === '-', unit };
    },
  },
  {
    re: /([nsew])(?![a-z])/y,
    make: (m) => ({ t: 'hem', axis: m[1] === 'n' || m[1] === 's' ? 'lat' : 'lon', negative: m[1] === 's' || m[1] === 'w' }),
  },
  { re: /[,;]/y, make: () => ({ t: 'sep' }) },
];

function labelOf(word: string): Label {
  if (word.startsWith('lat')) return 'lat';
  if (word === 'x' || word === 'y') return word;
  return 'lon';
}

function tokenize(s: string): Token[] | null {
  const tokens: Token[] = [];
  let pos = 0;
  outer: while (pos < s.length) {
    for (const rule of TOKEN_RULES) {
      rule.re.lastIndex = pos;
      const m = rule.re.exec(s);
      if (m && m[0].length > 0) {
        const tok = rule.make(m);
        if (tok) tokens.push(tok);
        pos += m[0].length;
        continue outer;
      }
    }
    return null; // a character no rule accepts: not a coordinate
  }
  return tokens;
}

/** Splits the token stream into angle groups (one per axis). */
function group(tokens: Token[]): { groups: Group[]; marked: boolean } | null {
  const groups: Group[] = [];
  let marked = false;
  let cur: Group = { nums: [], hemIsPrefix: false };
  let justClosedBySuffix = false;
  const close = () => {
    if (cur.nums.length > 0 || cur.hem || cur.label) groups.push(cur);
    cur = { nums: [], hemIsPrefix: false };
  };
  for (const tok of tokens) {
    const afterSuffix = justClosedBySuffix;
    justClosedBySuffix = false;
    switch (tok.t) {
      case 'marker':
        if (marked) return null;
        marked = true;
        break;
      case 'sep':
        if (afterSuffix) break; // "14.35 N, 108.00 E": the letter already ended the angle
        if (cur.nums.length === 0) return null;
        close();
        break;
      case 'label':
        if (cur.nums.length > 0) close();
        if (cur.label || cur.hem) return null;
        cur.label = tok.label;
        break;
      case 'hem':
        if (cur.nums.length === 0) {
          if (cur.hem) return null;
          cur.hem = tok;
          cur.hemIsPrefix = true;
        } else if (cur.hem) {
          // "N 14 21 E 108 0": a second prefix starts the next angle
          close();
          cur.hem = tok;
          cur.hemIsPrefix = true;
        } else {
          cur.hem = tok;
          close();
          justClosedBySuffix = true;
        }
        break;
      case 'num': {
        const last = cur.nums[cur.nums.length - 1];
        const startsNewAngle = last !== undefined && (tok.unit === 0 || (tok.unit !== undefined && last.unit !== undefined && tok.unit <= last.unit) || (tok.unit === undefined && last.unit === 2));
        if (startsNewAngle) close();
        cur.nums.push(tok);
        break;
      }
    }
  }
  if (cur.hem && cur.nums.length === 0) return null; // dangling prefix letter
  close();
  return { groups, marked };
}

/** "14 21 4.3 108 0 7.6": one group of plain numbers splits evenly into two angles. */
function splitPlain(groups: Group[]): Group[] {
  if (groups.length !== 1) return groups;
  const g = groups[0];
  if (g.hem || g.label || g.nums.some((n) => n.unit !== undefined)) return groups;
  const n = g.nums.length;
  if (n !== 2 && n !== 4 && n !== 6) return groups;
  const half = n / 2;
  return [
    { nums: g.nums.slice(0, half), hemIsPrefix: false },
    { nums: g.nums.slice(half), hemIsPrefix: false },
  ];
}

interface Angle {
  value: number;
  parts: number;
  axis?: Axis;
  label?: Label;
  plain: boolean;
  fraction: boolean;
}

function angleOf(g: Group): Angle | null {
  const n = g.nums.length;
  if (n < 1 || n > 3) return null;
  let slot = -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const num = g.nums[i];
    const s = num.unit ?? slot + 1;
    if (s <= slot || s > 2) return null;
    if (i > 0 && num.negative) return null;
    if (i < n - 1 && num.fraction) return null; // only the last part may have decimals
    if (s > 0 && num.value >= 60) return null;
    if (i === 0 && s !== 0) return null; // must start with degrees
    value += num.value / 60 ** s;
    slot = s;
  }
  const negative = g.nums[0].negative || (g.hem?.negative ?? false);
  const axis = g.hem?.axis ?? (g.label === 'lat' || g.label === 'lon' ? g.label : undefined);
  if (g.hem && g.label && g.label !== g.hem.axis) return null;
  return {
    value: negative ? -value : value,
    parts: n,
    axis,
    label: g.label,
    plain: !g.hem && !g.label && g.nums.every((x) => x.unit === undefined),
    fraction: g.nums.some((x) => x.fraction),
  };
}

const within = (v: number, r: { min: number; max: number }) => v >= r.min && v <= r.max;

function asVn2000(a: Angle, b: Angle, marked: boolean): ParsedCoordinate | null {
  if (a.parts !== 1 || b.parts !== 1 || a.axis || b.axis) return null;
  if (a.value < 0 || b.value < 0) return null;
  if (isKontumVn2000(a.value, b.value)) return { kind: 'vn2000', x: a.value, y: b.value, inKontum: true };
  if (isKontumVn2000(b.value, a.value)) return { kind: 'vn2000', x: b.value, y: a.value, inKontum: true };
  const labelled = a.label === 'x' || a.label === 'y' || b.label === 'x' || b.label === 'y';
  if (!marked && !labelled) return null;
  // Vietnamese convention: X is the northing; unlabelled, the first value is X.
  const [x, y] = a.label === 'y' || b.label === 'x' ? [b.value, a.value] : [a.value, b.value];
  if (within(x, VN2000_NORTHING) && within(y, VN2000_EASTING)) return { kind: 'vn2000', x, y, inKontum: false };
  if (within(y, VN2000_NORTHING) && within(x, VN2000_EASTING)) return { kind: 'vn2000', x: y, y: x, inKontum: false };
  return null;
}

function asWgs84(a: Angle, b: Angle): ParsedCoordinate | null {
  if (a.label === 'x' || a.label === 'y' || b.label === 'x' || b.label === 'y') return null;
  // Two bare integers ("12 15", "14 21 108 0") are too ambiguous to be read as a position.
  if (a.plain && b.plain && !a.fraction && !b.fraction) return null;
  let lat: number;
  let lon: number;
  if (a.axis || b.axis) {
    const aAxis = a.axis ?? (b.axis === 'lat' ? 'lon' : 'lat');
    const bAxis = b.axis ?? (aAxis === 'lat' ? 'lon' : 'lat');
    if (aAxis === bAxis) return null;
    [lat, lon] = aAxis === 'lat' ? [a.value, b.value] : [b.value, a.value];
  } else if (within(a.value, KONTUM_LAT) && within(b.value, KONTUM_LON)) {
    [lat, lon] = [a.value, b.value];
  } else if (within(b.value, KONTUM_LAT) && within(a.value, KONTUM_LON)) {
    [lat, lon] = [b.value, a.value];
  } else if (Math.abs(a.value) > 90 && Math.abs(b.value) <= 90) {
    [lat, lon] = [b.value, a.value];
  } else {
    [lat, lon] = [a.value, b.value];
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const parts = Math.max(a.parts, b.parts);
  return { kind: 'wgs84', lon, lat, notation: parts === 1 ? 'decimal' : parts === 2 ? 'dm' : 'dms' };
}

function parseNormalized(s: string): ParsedCoordinate | null {
  const tokens = tokenize(s);
  if (!tokens) return null;
  const grouped = group(tokens);
  if (!grouped) return null;
  const groups = splitPlain(grouped.groups);
  if (groups.length !== 2) return null;
  const a = angleOf(groups[0]);
  const b = angleOf(groups[1]);
  if (!a || !b) return null;
  const projected = grouped.marked || [a, b].some((g) => g.label === 'x' || g.label === 'y') || (Math.abs(a.value) > 180 && Math.abs(b.value) > 180);
  return projected ? asVn2000(a, b, grouped.marked) : asWgs84(a, b);
}

/**
 * Reads a typed coordinate; null when the text is not one.
 *
 * @example parseCoordinate('14.3512, 108.0021') // { kind: 'wgs84', lon: 108.0021, lat: 14.3512, notation: 'decimal' }
 * @example parseCoordinate(`14°21'04.3"N 108°00'07.6"E`) // { kind: 'wgs84', lon: ≈108.00211, lat: ≈14.35119, notation: 'dms' }
 * @example parseCoordinate('X=1587654 Y=512345') // { kind: 'vn2000', x: 1587654, y: 512345, inKontum: true }
 * @example parseCoordinate('Kon Tum') // null
 */
export function parseCoordinate(input: string): ParsedCoordinate | null {
  const s = normalize(input);
  if (!s) return null;
  const parsed = parseNormalized(s);
  if (parsed) return parsed;
  // "1587654,512345" / "14.35,108.00": a comma without a space read as a decimal mark above; retry as a separator.
  if (/\d,\d/.test(s) && !/\s/.test(s)) return parseNormalized(s.replace(/,/g, ', '));
  return null;
}

/**
 * Degrees-minutes-seconds text of a position, latitude first, as GPS units and Google Maps show it.
 *
 * @example formatDms(108.0021, 14.3512) // `14°21'04.3"N 108°00'07.6"E`
 */
export function formatDms(lon: number, lat: number, secondDecimals = 1): string {
  return `${formatAngle(lat, 'N', 'S', secondDecimals)} ${formatAngle(lon, 'E', 'W', secondDecimals)}`;
}

function formatAngle(value: number, pos: string, neg: string, decimals: number): string {
  const scale = 10 ** decimals;
  // Round once on the total so that 59.96″ carries into the minutes instead of printing 60.0″.
  const total = Math.round(Math.abs(value) * 3600 * scale);
  const deg = Math.floor(total / (3600 * scale));
  const min = Math.floor((total % (3600 * scale)) / (60 * scale));
  const sec = (total % (60 * scale)) / scale;
  const secText = sec.toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return `${deg}°${String(min).padStart(2, '0')}'${secText}"${value < 0 ? neg : pos}`;
}
