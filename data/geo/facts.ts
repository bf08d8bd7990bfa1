/**
 * The facts the demo dataset is built from (data/geo/sources, copied from the shared fact sheet)
 * and name matching between the reports' spellings and the official list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldName, shortUnitName } from '../../server/domain/text.ts';
import type { Point, Ring } from './planar.ts';

export const GEO_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SOURCES_DIR = path.join(GEO_DIR, 'sources');
/** The figures every test checks; the generator asserts its output against the same file. */
export const FIGURES_PATH = path.join(GEO_DIR, '..', '..', 'test', 'fixtures', 'kontum-figures.json');

export const PROVINCE = { code: '62', name: 'Kon Tum', fullName: 'Tỉnh Kon Tum' } as const;
export const KT_CITY = '608';

export type CommuneKind = 'xa' | 'phuong' | 'thi_tran';

export interface CommuneFact {
  code: string;
  name: string;
  fullName: string;
  kind: CommuneKind;
  districtCode: string;
  site: Point;
  areaKm2: number;
}

export interface DistrictFact {
  code: string;
  name: string;
  fullName: string;
  kind: 'thanh_pho' | 'huyen';
}

const KIND: Record<string, CommuneKind> = { Xã: 'xa', Phường: 'phuong', 'Thị trấn': 'thi_tran' };

/** Official names with the one spacing error of the source list fixed ("Ia H' Drai"). */
function fixName(name: string): string {
  return name.replace("H' Drai", "H'Drai");
}

export function loadCommuneFacts(): CommuneFact[] {
  const lines = readFileSync(path.join(SOURCES_DIR, 'kontum-units.csv'), 'utf8').trim().split('\n').slice(1);
  return lines
    .map((line) => {
      const [code, fullName, kind, districtCode, , lon, lat, area] = line.split(',');
      return {
        code,
        name: shortUnitName(fullName),
        fullName,
        kind: KIND[kind],
        districtCode,
        site: [Number(lon), Number(lat)] as Point,
        areaKm2: Number(area),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}

export function loadDistrictFacts(): DistrictFact[] {
  const lines = readFileSync(path.join(SOURCES_DIR, 'kontum-units.csv'), 'utf8').trim().split('\n').slice(1);
  const seen = new Map<string, DistrictFact>();
  for (const line of lines) {
    const f = line.split(',');
    const code = f[3];
    if (seen.has(code)) continue;
    const fullName = fixName(f[4]);
    seen.set(code, {
      code,
      name: shortUnitName(fullName),
      fullName,
      kind: fullName.startsWith('Thành phố') ? 'thanh_pho' : 'huyen',
    });
  }
  return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function loadOutline(): Ring {
  const gj = JSON.parse(readFileSync(path.join(SOURCES_DIR, 'kontum-outline-coarse.geojson'), 'utf8'));
  return gj.features[0].geometry.coordinates[0] as Ring;
}

// The figures file is large and loosely typed; callers read the parts they need.
// biome-ignore lint/suspicious/noExplicitAny: typing the whole figures JSON would restate it; each reader checks what it takes
export type Figures = any;

export function loadFigures(): Figures {
  return JSON.parse(readFileSync(FIGURES_PATH, 'utf8'));
}

/**
 * Resolves report names to official units. Fails loudly: a name that does not match exactly
 * one unit stops the generator, so a silent mismatch can never skew a figure.
 */
export class NameIndex {
  constructor(
    readonly communes: CommuneFact[],
    readonly districts: DistrictFact[],
  ) {}

  district(name: string): DistrictFact {
    const key = foldName(shortUnitName(fixName(name)));
    const hits = this.districts.filter((d) => foldName(d.name) === key);
    if (hits.length !== 1) throw new Error(`District "${name}" matches ${hits.length} units`);
    return hits[0];
  }

  /** A commune by report name, optionally restricted to a district (needed for "Đăk Long"). */
  commune(name: string, districtName?: string): CommuneFact {
    const key = foldName(shortUnitName(name));
    const districtCode = districtName ? this.district(districtName).code : undefined;
    const hits = this.communes.filter((c) => foldName(c.name) === key && (!districtCode || c.districtCode === districtCode));
    if (hits.length !== 1) {
      throw new Error(`Commune "${name}"${districtName ? ` (${districtName})` : ''} matches ${hits.length} units`);
    }
    return hits[0];
  }

  /** "Mường Hoong (Đăk Glei)" style. */
  communeWithDistrict(text: string): CommuneFact {
    const m = /^(.*)\((.*)\)\s*$/.exec(text);
    return m ? this.commune(m[1].trim(), m[2].trim()) : this.commune(text);
  }
}
