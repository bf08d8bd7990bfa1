/**
 * A zipped ESRI Shapefile: .shp/.shx written here (the geometry records of the ESRI whitepaper),
 * the .dbf by `dbffile` (typed dBase III fields, UTF-8 through iconv-lite, and it refuses a field
 * name over 10 characters instead of cutting it), the .prj (the caller's WKT) and a .cpg saying
 * UTF-8, zipped with fflate.
 *
 * Why not @mapbox/shp-write, the one maintained JavaScript writer: it puts Polygon and
 * MultiPolygon features into two separate layers, writes rings in GeoJSON's counter-clockwise
 * order (the format wants outer rings clockwise; ArcGIS then reads holes as islands), truncates
 * field names silently, makes every text field 254 bytes and every number 3 decimals, and writes
 * no .cpg. The geometry records are a few dozen lines; GDAL and the import pipeline read them back
 * in test/api/gis-export.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DBFFile, type FieldDescriptor } from 'dbffile';
import { zipSync } from 'fflate';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { FileField } from './fields.ts';

export interface FileFeature {
  geometry: Polygon | MultiPolygon | Point | null;
  /** values by file field name, already of the field's type */
  values: Record<string, string | number | boolean | null>;
}

const SHP_POINT = 1;
const SHP_POLYGON = 5;

/** Twice the signed area of a ring (shoelace): positive when counter-clockwise. */
function signedArea2(r: Position[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j]![0]! - r[i]![0]!) * (r[j]![1]! + r[i]![1]!);
  return s;
}

/** The rings of a (multi)polygon in Shapefile order: outer rings clockwise, holes counter-clockwise, closed. */
function shpRings(g: Polygon | MultiPolygon): Position[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Position[][] = [];
  for (const poly of polys) {
    poly.forEach((ring, i) => {
      if (ring.length < 3) return;
      let r = ring;
      const first = r[0]!;
      const last = r[r.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) r = [...r, first];
      const ccw = signedArea2(r) > 0;
      // outer (i = 0) must be clockwise, holes counter-clockwise
      out.push((i === 0) === ccw ? [...r].reverse() : r);
    });
  }
  return out;
}

type Box = [number, number, number, number];
const boxOf = (pts: Position[]): Box => {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of pts) {
    if (p[0]! < b[0]) b[0] = p[0]!;
    if (p[1]! < b[1]) b[1] = p[1]!;
    if (p[0]! > b[2]) b[2] = p[0]!;
    if (p[1]! > b[3]) b[3] = p[1]!;
  }
  return b;
};

/** The content of one record (after its 8-byte header). */
function recordContent(g: FileFeature['geometry'], shapeType: number): Buffer {
  if (!g) return Buffer.from([0, 0, 0, 0]); // null shape
  if (g.type === 'Point') {
    if (shapeType !== SHP_POINT) throw new Error('a point in a polygon layer');
    const b = Buffer.alloc(20);
    b.writeInt32LE(SHP_POINT, 0);
    b.writeDoubleLE(g.coordinates[0]!, 4);
    b.writeDoubleLE(g.coordinates[1]!, 12);
    return b;
  }
  if (shapeType !== SHP_POLYGON) throw new Error('a polygon in a point layer');
  const rings = shpRings(g);
  if (rings.length === 0) return Buffer.from([0, 0, 0, 0]);
  const n = rings.reduce((s, r) => s + r.length, 0);
  const b = Buffer.alloc(44 + 4 * rings.length + 16 * n);
  b.writeInt32LE(SHP_POLYGON, 0);
  const box = boxOf(rings.flat());
  box.forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
  b.writeInt32LE(rings.length, 36);
  b.writeInt32LE(n, 40);
  let o = 44;
  let start = 0;
  for (const r of rings) {
    b.writeInt32LE(start, o);
    o += 4;
    start += r.length;
  }
  for (const r of rings) {
    for (const p of r) {
      b.writeDoubleLE(p[0]!, o);
      b.writeDoubleLE(p[1]!, o + 8);
      o += 16;
    }
  }
  return b;
}

function header(shapeType: number, fileBytes: number, box: Box): Buffer {
  const h = Buffer.alloc(100);
  h.writeInt32BE(9994, 0);
  h.writeInt32BE(fileBytes / 2, 24);
  h.writeInt32LE(1000, 28);
  h.writeInt32LE(shapeType, 32);
  box.forEach((v, i) => h.writeDoubleLE(Number.isFinite(v) ? v : 0, 36 + 8 * i));
  return h;
}

/** .shp and .shx of the features (all points or all polygons). */
export function shpShx(features: FileFeature[], kind: 'point' | 'polygon'): { shp: Buffer; shx: Buffer } {
  const shapeType = kind === 'point' ? SHP_POINT : SHP_POLYGON;
  const contents = features.map((f) => recordContent(f.geometry, shapeType));
  const all: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of contents) {
    const t = c.readInt32LE(0);
    const b: Box = t === SHP_POINT ? [c.readDoubleLE(4), c.readDoubleLE(12), c.readDoubleLE(4), c.readDoubleLE(12)] : t === SHP_POLYGON ? [c.readDoubleLE(4), c.readDoubleLE(12), c.readDoubleLE(20), c.readDoubleLE(28)] : all;
    if (t === 0) continue;
    all[0] = Math.min(all[0], b[0]);
    all[1] = Math.min(all[1], b[1]);
    all[2] = Math.max(all[2], b[2]);
    all[3] = Math.max(all[3], b[3]);
  }
  const shpBytes = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shxBytes = 100 + 8 * contents.length;
  const shp = Buffer.alloc(shpBytes);
  const shx = Buffer.alloc(shxBytes);
  header(shapeType, shpBytes, all).copy(shp, 0);
  header(shapeType, shxBytes, all).copy(shx, 0);
  let o = 100;
  contents.forEach((c, i) => {
    shx.writeInt32BE(o / 2, 100 + 8 * i);
    shx.writeInt32BE(c.length / 2, 104 + 8 * i);
    shp.writeInt32BE(i + 1, o);
    shp.writeInt32BE(c.length / 2, o + 4);
    c.copy(shp, o + 8);
    o += 8 + c.length;
  });
  return { shp, shx };
}

/** .dbf field descriptors sized to the values: text as long as the longest (in UTF-8 bytes), numbers as wide as the widest. */
export function dbfFields(fields: FileField[], features: FileFeature[]): FieldDescriptor[] {
  return fields.map((fl) => {
    const values = features.map((f) => f.values[fl.name]).filter((v) => v != null);
    switch (fl.type) {
      case 'bool':
        return { name: fl.name, type: 'L', size: 1 };
      case 'date':
        return { name: fl.name, type: 'D', size: 8 };
      case 'int':
      case 'num': {
        const d = fl.type === 'int' ? 0 : (fl.decimals ?? 2);
        const width = Math.max(d + 2, ...values.map((v) => (v as number).toFixed(d).length));
        if (width > 20) throw new Error(`number too wide for a .dbf field: ${fl.name}`);
        return { name: fl.name, type: 'N', size: width, decimalPlaces: d };
      }
      default: {
        const size = Math.max(1, ...values.map((v) => Buffer.byteLength(String(v), 'utf8')));
        // longer text does not fit a dBase III field: say so rather than cut it
        if (size > 254) throw new Error(`text longer than 254 bytes in ${fl.name}`);
        return { name: fl.name, type: 'C', size };
      }
    }
  });
}

/** The .dbf bytes (UTF-8 text), written by dbffile into a private temporary folder. */
export async function dbfBytes(fields: FileField[], features: FileFeature[]): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-dbf-'));
  try {
    const file = path.join(dir, 'out.dbf');
    const dbf = await DBFFile.create(file, dbfFields(fields, features), { encoding: 'utf-8' });
    const records = features.map((f) => {
      const r: Record<string, unknown> = {};
      for (const fl of fields) {
        const v = f.values[fl.name];
        if (v == null) r[fl.name] = null;
        else if (fl.type === 'date') r[fl.name] = new Date(`${v}T00:00:00Z`);
        else if (fl.type === 'num') r[fl.name] = Number((v as number).toFixed(fl.decimals ?? 2));
        else r[fl.name] = v;
      }
      return r;
    });
    for (let i = 0; i < records.length; i += 5000) await dbf.appendRecords(records.slice(i, i + 5000));
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The zipped Shapefile: `<base>.shp/.shx/.dbf/.prj/.cpg`.
 * @param prjWkt the coordinate system as WKT (the VN-2000 Kon Tum zone with its TOWGS84)
 */
export async function shapefileZip(base: string, kind: 'point' | 'polygon', fields: FileField[], features: FileFeature[], prjWkt: string): Promise<Uint8Array> {
  const { shp, shx } = shpShx(features, kind);
  const dbf = await dbfBytes(fields, features);
  const enc = new TextEncoder();
  return zipSync(
    {
      [`${base}.shp`]: shp,
      [`${base}.shx`]: shx,
      [`${base}.dbf`]: dbf,
      [`${base}.prj`]: enc.encode(prjWkt),
      [`${base}.cpg`]: enc.encode('UTF-8'),
    },
    { level: 6 },
  );
}
