/**
 * The lists of the atlas as GIS files in the offices' own form (docs/exports.md): the OGC
 * collections (lô, khoảnh, tiểu khu, villages, communes, districts, plans — any filter of the items
 * path) and the replanting worklist, as GeoPackage and zipped Shapefile in VN-2000 (Kon Tum's
 * TM-3 107°30′ zone, the definition of migration 003 with its TOWGS84), and as KML, GPX and CSV
 * (WGS 84, the CSV with VN-2000 X/Y beside lon/lat). Field names: server/export/fields.ts.
 */
import type { Sql } from 'postgres';
import type { MultiPolygon, Point } from 'geojson';
import type { Lang } from '../domain/csv.ts';
import type { WorklistResponse } from '../domain/forest.ts';
import { FILE_FIELDS, fieldValue, type FileField } from '../export/fields.ts';
import { gpkgFile } from '../export/gpkg.ts';
import { shapefileZip, type FileFeature } from '../export/shapefile.ts';
import { VN2000_KONTUM_EPSG, VN2000_KONTUM_SRID } from '../geo/vn2000.ts';
import type { OgcCollection } from '../ogc/collections.ts';
import { OGC_CRS } from '../ogc/crs.ts';
import { EXPORT_FORMATS, featuresCsv, featuresGpx, featuresKml, type ExportFormat, type Feat } from '../ogc/export.ts';
import { queryItems, type ItemsQuery } from '../ogc/features.ts';

/** File names (ASCII) and GeoPackage table names of each list. */
const BASE_NAME: Record<string, string> = {
  plots: 'lo-rung',
  khoanh: 'khoanh',
  tieukhu: 'tieu-khu',
  villages: 'thon',
  communes: 'xa',
  districts: 'huyen',
  plans: 'ke-hoach',
  worklist: 'trong-dam',
};

export interface GisFile {
  body: string | Uint8Array;
  type: string;
  fileName: string;
}

/** The VN-2000 Kon Tum zone as the database registers it (migration 003): one definition for every file. */
async function vn2000Wkt(sql: Sql): Promise<string> {
  const [r] = await sql<{ srtext: string }[]>`SELECT srtext FROM spatial_ref_sys WHERE srid = ${VN2000_KONTUM_SRID}`;
  if (!r) throw new Error('spatial_ref_sys has no VN-2000 Kon Tum zone (migration 003)');
  return r.srtext;
}

/** GeoPackage or zipped Shapefile of features whose geometry is already in VN-2000. */
async function binaryFile(sql: Sql, list: string, title: string, kind: 'point' | 'polygon', fields: FileField[], feats: FileFeature[], format: 'gpkg' | 'shp', suffix: string): Promise<GisFile> {
  const wkt = await vn2000Wkt(sql);
  const base = `${BASE_NAME[list] ?? list}${suffix}`;
  const body =
    format === 'gpkg'
      ? await gpkgFile(base.replace(/-/g, '_'), title, kind, fields, feats, { srsId: VN2000_KONTUM_EPSG, name: 'VN-2000 / TM-3 107-30', organization: 'EPSG', code: VN2000_KONTUM_EPSG, wkt })
      : await shapefileZip(base, kind, fields, feats, wkt);
  return { body, type: EXPORT_FORMATS[format].type, fileName: `${base}.${EXPORT_FORMATS[format].ext}` };
}

function textFile(list: string, title: string, fields: FileField[], feats: Feat[], format: 'csv' | 'kml' | 'gpx', lang: Lang, suffix: string): GisFile {
  const body = format === 'csv' ? featuresCsv(feats, fields, lang) : format === 'kml' ? featuresKml(feats, fields, title) : featuresGpx(feats, title);
  return { body, type: EXPORT_FORMATS[format].type, fileName: `${BASE_NAME[list] ?? list}${suffix}.${EXPORT_FORMATS[format].ext}` };
}

const VN2000_CRS = OGC_CRS.find((c) => c.srid === VN2000_KONTUM_SRID)!;

/** A file name suffix from the query's filters and year: '-568-1', '-2021'. */
function suffixOf(q: ItemsQuery): string {
  const parts = [...Object.values(q.filters).map(String), ...(q.year ? [String(q.year)] : [])];
  return parts.length ? `-${parts.join('-').replace(/[^\w.-]+/g, '_').slice(0, 60)}` : '';
}

/** One page of an OGC collection (its filters, bbox, year, limit/offset) as a file. */
export async function collectionFile(sql: Sql, col: OgcCollection, q: ItemsQuery, format: ExportFormat, lang: Lang): Promise<GisFile & { numberMatched: number; numberReturned: number }> {
  const fields = FILE_FIELDS[col.id]!;
  const suffix = suffixOf(q);
  if (format === 'gpkg' || format === 'shp') {
    const page = await queryItems(sql, col, { ...q, crs: VN2000_CRS });
    const feats = page.features.map((s) => {
      const f = JSON.parse(s) as { geometry: MultiPolygon | Point | null; properties: Record<string, unknown> };
      return { geometry: f.geometry, values: Object.fromEntries(fields.map((fl) => [fl.name, fieldValue(fl, f.properties)])) };
    });
    const kind = col.geometryType === 'Point' ? 'point' : 'polygon';
    return { ...(await binaryFile(sql, col.id, col.title, kind, fields, feats, format, suffix)), numberMatched: page.numberMatched, numberReturned: feats.length };
  }
  const page = await queryItems(sql, col, { ...q, crs: OGC_CRS[0]!, anchor: true });
  const feats = page.features.map((s) => JSON.parse(s) as Feat);
  return { ...textFile(col.id, col.title, fields, feats, format, lang, suffix), numberMatched: page.numberMatched, numberReturned: feats.length };
}

interface PlotGeometry {
  id: string;
  wgs: string;
  vn: string;
  lon: number;
  lat: number;
}

/** The replanting worklist (its rows as the panel lists them) as a file, each row with its lô's outline. */
export async function worklistFile(sql: Sql, w: WorklistResponse, format: ExportFormat, lang: Lang): Promise<GisFile> {
  const fields = FILE_FIELDS.worklist!;
  const ids = [...new Set(w.rows.map((r) => r.plotId))];
  const geoms = await sql<PlotGeometry[]>`
    SELECT id::text AS id, ST_AsGeoJSON(geom, 7) AS wgs, ST_AsGeoJSON(ST_Transform(geom, ${VN2000_KONTUM_SRID}::int), 3) AS vn,
      round(ST_X(ST_PointOnSurface(geom))::numeric, 7)::float8 AS lon, round(ST_Y(ST_PointOnSurface(geom))::numeric, 7)::float8 AS lat
    FROM forest_plot WHERE id = ANY(${ids}::bigint[])`;
  const byId = new Map(geoms.map((g) => [Number(g.id), g]));
  const props = w.rows.map((r) => ({
    tk: r.tk,
    khoanh: r.khoanh,
    lo: r.lo,
    maxa: r.commune.code,
    tenxa: r.commune.name,
    tenhuyen: r.district.name,
    nam_trong: r.plantingYear,
    nguon_von: r.funding,
    chu_ho: r.household,
    loaicay: r.species,
    dt_trong: r.areaHa,
    mat_do: r.densityPerHa,
    ty_le_song: r.survivalPct,
    ket_qua: r.result,
    ngay_kt: r.inspectedOn,
    so_cay_dam: r.treesToAdd,
  }));
  const title = 'Danh sách lô cần trồng dặm / Replanting worklist';
  const f = w.filter;
  const suffix = [f.plantingYear, f.unit].filter((x) => x != null).map((x) => `-${x}`).join('');
  if (format === 'gpkg' || format === 'shp') {
    const feats = w.rows.map((r, i) => ({
      geometry: byId.has(r.plotId) ? (JSON.parse(byId.get(r.plotId)!.vn) as MultiPolygon) : null,
      values: Object.fromEntries(fields.map((fl) => [fl.name, fieldValue(fl, props[i]!)])),
    }));
    return binaryFile(sql, 'worklist', title, 'polygon', fields, feats, format, suffix);
  }
  const feats: Feat[] = w.rows.map((r, i) => {
    const g = byId.get(r.plotId);
    return { id: r.plantingId, geometry: g ? (JSON.parse(g.wgs) as MultiPolygon) : null, properties: props[i]!, anchor: g ? [g.lon, g.lat] : undefined };
  });
  return textFile('worklist', title, fields, feats, format, lang, suffix);
}
