/**
 * The coordinate system of an imported file: from its .prj (WKT) or GeoPackage SRS, from a name
 * the user gives (--crs), or — for a file without one — candidates proposed from the coordinate
 * ranges for the user to confirm (never guessed silently). Reprojection to WGS 84 with proj4js.
 *
 * VN-2000 datum shift (../shared/DESIGN.md, docs/vn2000.md): a file's own TOWGS84 is applied as
 * written (the data were made with it); a file that names VN-2000 without parameters gets the
 * EPSG:9216 / EPSG:6960 parameters; the report says which one was used.
 */
import proj4 from 'proj4';
import { VN2000_TOWGS84, VN2000_KONTUM_PROJ4 } from '../geo/vn2000.ts';
import { PROVINCE_BOUNDS } from '../domain/geo.ts';
import { ImportError } from './errors.ts';

export type DatumShift = 'wgs84' | 'file' | 'epsg-9216' | 'none';

export interface SourceCrs {
  /** short id (a named CRS) or 'prj' / 'proj4' */
  id: string;
  label: string;
  proj4: string;
  /** which VN-2000 → WGS 84 shift is applied (wgs84: the file is already WGS 84) */
  datumShift: DatumShift;
  /** where it came from */
  source: 'prj' | 'gpkg' | 'option' | 'format';
}

const TOWGS84 = VN2000_TOWGS84.join(',');
const vnTm = (lon0: number, k: number, shift = true) =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=${k} +x_0=500000 +y_0=0 +ellps=WGS84 ${shift ? `+towgs84=${TOWGS84} ` : '+towgs84=0,0,0 '}+units=m +no_defs`;

/** The named systems offices use, by the names accepted with --crs (and their EPSG codes). */
export const NAMED_CRS: Record<string, { label: string; proj4: string; datumShift: DatumShift; aliases: string[] }> = {
  wgs84: { label: 'WGS 84 (kinh độ, vĩ độ / lon, lat)', proj4: '+proj=longlat +datum=WGS84 +no_defs', datumShift: 'wgs84', aliases: ['epsg:4326', 'crs84', '4326'] },
  'vn2000-kontum': { label: 'VN-2000 / TM-3 107°30′ (Kon Tum, EPSG:9216)', proj4: VN2000_KONTUM_PROJ4, datumShift: 'epsg-9216', aliases: ['epsg:9216', '9216', 'vn2000', 'vn-2000'] },
  'vn2000-kontum-noshift': { label: 'VN-2000 / TM-3 107°30′ không chuyển datum / without datum shift', proj4: vnTm(107.5, 0.9999, false), datumShift: 'none', aliases: [] },
  'vn2000-utm48': { label: 'VN-2000 / UTM 48N (EPSG:3405)', proj4: `+proj=utm +zone=48 +ellps=WGS84 +towgs84=${TOWGS84} +units=m +no_defs`, datumShift: 'epsg-9216', aliases: ['epsg:3405', '3405'] },
  'vn2000-utm49': { label: 'VN-2000 / UTM 49N (EPSG:3406)', proj4: `+proj=utm +zone=49 +ellps=WGS84 +towgs84=${TOWGS84} +units=m +no_defs`, datumShift: 'epsg-9216', aliases: ['epsg:3406', '3406'] },
  'vn2000-utm48-noshift': { label: 'VN-2000 / UTM 48N không chuyển datum / without datum shift', proj4: '+proj=utm +zone=48 +ellps=WGS84 +towgs84=0,0,0 +units=m +no_defs', datumShift: 'none', aliases: [] },
  'vn2000-geographic': { label: 'VN-2000 kinh độ, vĩ độ / lon, lat (EPSG:4756)', proj4: `+proj=longlat +ellps=WGS84 +towgs84=${TOWGS84} +no_defs`, datumShift: 'epsg-9216', aliases: ['epsg:4756', '4756'] },
  utm48: { label: 'WGS 84 / UTM 48N (EPSG:32648)', proj4: '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs', datumShift: 'wgs84', aliases: ['epsg:32648', '32648'] },
  utm49: { label: 'WGS 84 / UTM 49N (EPSG:32649)', proj4: '+proj=utm +zone=49 +datum=WGS84 +units=m +no_defs', datumShift: 'wgs84', aliases: ['epsg:32649', '32649'] },
};

export const WGS84_CRS: SourceCrs = { id: 'wgs84', label: NAMED_CRS.wgs84!.label, proj4: NAMED_CRS.wgs84!.proj4, datumShift: 'wgs84', source: 'format' };

function named(id: string, source: SourceCrs['source']): SourceCrs {
  const n = NAMED_CRS[id]!;
  return { id, label: n.label, proj4: n.proj4, datumShift: n.datumShift, source };
}

/** A CRS by the name or EPSG code a user typed, a proj4 string, or WKT. */
export function crsFromOption(value: string): SourceCrs {
  const v = value.trim();
  const key = v.toLowerCase();
  for (const [id, n] of Object.entries(NAMED_CRS)) if (id === key || n.aliases.includes(key)) return named(id, 'option');
  if (v.startsWith('+proj=')) {
    try {
      proj4(v, 'EPSG:4326', [500000, 1600000]);
    } catch {
      throw new ImportError('crs_invalid', `Chuỗi proj không hợp lệ: ${v.slice(0, 80)}`, `Invalid proj string: ${v.slice(0, 80)}`);
    }
    const shift = /\+towgs84=([^ ]+)/.exec(v)?.[1];
    return { id: 'proj4', label: v, proj4: v, datumShift: shift && !/^0,0,0(,0,0,0,0)?$/.test(shift) ? 'file' : 'none', source: 'option' };
  }
  if (/^(PROJCS|GEOGCS)\[/i.test(v)) return crsFromWkt(v, 'option');
  throw new ImportError(
    'crs_unknown',
    `Hệ tọa độ không rõ: "${v.slice(0, 60)}". Dùng một trong: ${Object.keys(NAMED_CRS).join(', ')}, mã EPSG, chuỗi proj hoặc nội dung tệp .prj`,
    `Unknown coordinate system "${v.slice(0, 60)}". Use one of: ${Object.keys(NAMED_CRS).join(', ')}, an EPSG code, a proj string or the .prj text`,
  );
}

const VN2000_NAME = /VN[-_ ]?2000|Vietnam[-_ ]?2000/i;

/**
 * A CRS from WKT (.prj, GeoPackage SRS). VN-2000 without TOWGS84 gets the EPSG:9216 parameters;
 * with TOWGS84 the file's own parameters are used as written.
 */
export function crsFromWkt(wkt: string, source: SourceCrs['source'] = 'prj'): SourceCrs {
  const text = wkt.trim();
  const name = /^(?:PROJCS|GEOGCS)\["([^"]*)"/i.exec(text)?.[1] ?? 'WKT';
  const isVn2000 = VN2000_NAME.test(text);
  const hasShift = /TOWGS84\s*\[/i.test(text);
  let def = text;
  let datumShift: DatumShift = 'none';
  if (isVn2000 && !hasShift) {
    // insert the EPSG parameters into the datum (after its spheroid)
    def = text.replace(/(DATUM\s*\[\s*"[^"]*"\s*,\s*SPHEROID\s*\[[^\]]*\])/i, `$1,TOWGS84[${TOWGS84}]`);
    if (def === text) throw new ImportError('crs_invalid', 'Tệp .prj VN-2000 không đọc được phần DATUM', 'The VN-2000 .prj has no readable DATUM');
    datumShift = 'epsg-9216';
  } else if (isVn2000) {
    datumShift = 'file';
  } else if (/WGS[-_ ]?(19)?84/i.test(/DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? '')) {
    datumShift = 'wgs84';
  }
  try {
    const [lon, lat] = proj4(def, 'EPSG:4326', /^GEOGCS/i.test(text) ? [108, 14.5] : [500000, 1600000]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error('not finite');
  } catch {
    throw new ImportError('crs_invalid', `Không đọc được hệ tọa độ trong tệp .prj (${name.slice(0, 60)})`, `Cannot read the coordinate system of the .prj (${name.slice(0, 60)})`);
  }
  const shiftNote = { 'epsg-9216': ' + TOWGS84 EPSG:9216', file: ' + TOWGS84 của tệp / of the file', none: '', wgs84: '' }[datumShift];
  return { id: 'prj', label: `${name}${shiftNote}`, proj4: def, datumShift, source };
}

/** A converter from the source CRS to WGS 84 lon/lat. */
export function toWgs84(crs: SourceCrs): (xy: number[]) => [number, number] {
  if (crs.datumShift === 'wgs84' && /^\+proj=longlat/.test(crs.proj4)) return (xy) => [xy[0]!, xy[1]!];
  const conv = proj4(crs.proj4, 'EPSG:4326');
  return (xy) => conv.forward([xy[0]!, xy[1]!]) as [number, number];
}

export interface CrsCandidate {
  id: string;
  label: string;
  /** the file's centre in lon/lat under this CRS */
  center: [number, number];
}

/** Kon Tum's bounding box with a margin (degrees). */
const PROVINCE_MARGIN = 0.3;
const inProvince = ([lon, lat]: [number, number]) =>
  lon >= PROVINCE_BOUNDS[0] - PROVINCE_MARGIN && lon <= PROVINCE_BOUNDS[2] + PROVINCE_MARGIN && lat >= PROVINCE_BOUNDS[1] - PROVINCE_MARGIN && lat <= PROVINCE_BOUNDS[3] + PROVINCE_MARGIN;

/**
 * For a file without a CRS: the named systems under which its coordinates land in Kon Tum,
 * from its bounding box [minx, miny, maxx, maxy]. VN-2000 and WGS 84 differ by only ~100-300 m, so
 * both are proposed where both fit: a person decides.
 */
export function proposeCrs(bbox: [number, number, number, number]): CrsCandidate[] {
  const center = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  const out: CrsCandidate[] = [];
  for (const id of Object.keys(NAMED_CRS)) {
    try {
      const c = toWgs84(named(id, 'option'))(center);
      if (inProvince(c)) out.push({ id, label: NAMED_CRS[id]!.label, center: [Math.round(c[0] * 1e5) / 1e5, Math.round(c[1] * 1e5) / 1e5] });
    } catch {
      // not a coordinate of this system
    }
  }
  return out;
}
