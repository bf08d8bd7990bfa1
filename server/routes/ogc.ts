import { latestCommuneYear } from '../services/assessments.ts';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { currentUser } from '../auth/session.ts';
import { collectionById, OGC_COLLECTIONS, type OgcCollection, type OgcProperty } from '../ogc/collections.ts';
import { CRS84, crsByUri, OGC_CRS, type OgcCrs } from '../ogc/crs.ts';
import { openApiDocument } from '../ogc/openapi.ts';
import { FILE_FORMATS, type ExportFormat } from '../ogc/export.ts';
import { attachment } from '../services/forest-export.ts';
import { collectionFile } from '../services/gis-export.ts';
import { collectionExtent, OGC_DEFAULT_LIMIT, OGC_MAX_LIMIT, queryItems, type ItemsQuery } from '../ogc/features.ts';

/**
 * OGC API – Features (Part 1 Core + GeoJSON, Part 2 CRS by reference), read-only, for GIS clients
 * (QGIS, GDAL's OAPIF driver, ArcGIS). Design and examples: docs/ogc.md.
 *
 *   GET /api/ogc                                        landing page
 *   GET /api/ogc/api                                    OpenAPI 3.0 description (service-desc)
 *   GET /api/ogc/conformance                            conformance classes
 *   GET /api/ogc/collections                            the collections (plans only for signed-in users)
 *   GET /api/ogc/collections/:id                        one collection
 *   GET /api/ogc/collections/:id/schema                 its JSON schema (`describedby`)
 *   GET /api/ogc/collections/:id/items                  ?bbox=&bbox-crs=&crs=&limit=&offset=&year=&<property>=
 *                                                       &f=csv|kml|gpx|gpkg|shp (&lang=vi|en): a file (docs/exports.md)
 *   GET /api/ogc/collections/:id/items/:featureId       one feature
 */
const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];
const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const SCHEMA_TYPE = 'application/schema+json';
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/** Query parameters every items request may carry; the collection's filterable properties come on top. */
const STANDARD_PARAMS = new Set(['bbox', 'bbox-crs', 'crs', 'limit', 'offset', 'year', 'f', 'datetime', 'lang']);
/** A file holds every matching feature up to this many (GeoJSON pages stop at OGC_MAX_LIMIT). */
export const FILE_MAX_LIMIT = 100_000;

const Bbox = z
  .string()
  .max(200)
  .transform((s) => s.split(',').map((v) => Number(v.trim())))
  .pipe(
    z
      .array(z.number().finite().min(-1e8).max(1e8))
      .refine((a) => a.length === 4 || a.length === 6, { message: 'bbox cần 4 số / bbox needs 4 numbers' })
      .transform((a) => (a.length === 6 ? [a[0]!, a[1]!, a[3]!, a[4]!] : a) as [number, number, number, number])
      .refine((a) => a[0] <= a[2] && a[1] <= a[3], { message: 'bbox: góc dưới trái trước góc trên phải / lower-left corner first' }),
  );
const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(OGC_MAX_LIMIT).default(OGC_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
const FilePaging = z.object({
  limit: z.coerce.number().int().min(1).max(FILE_MAX_LIMIT).default(FILE_MAX_LIMIT),
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

function bad(vi: string, en: string): HttpError {
  return new HttpError(400, 'invalid_input', vi, en);
}

function baseUrl(c: Context): string {
  const u = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() ?? u.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? c.req.header('host') ?? u.host;
  return `${proto}://${host}/api/ogc`;
}

async function visible(c: Context): Promise<OgcCollection[]> {
  const user = await currentUser(c);
  return OGC_COLLECTIONS.filter((col) => !col.signedInOnly || user !== null);
}

async function collectionOr404(c: Context, id: string): Promise<OgcCollection> {
  const col = collectionById(id);
  if (!col) throw new HttpError(404, 'not_found', `Không có lớp dữ liệu "${id.slice(0, 40)}"`, `No collection "${id.slice(0, 40)}"`);
  if (col.signedInOnly && !(await currentUser(c))) {
    throw new HttpError(401, 'not_signed_in', 'Cần đăng nhập để xem lớp dữ liệu này', 'Sign in to read this collection');
  }
  return col;
}

async function collectionJson(c: Context, col: OgcCollection) {
  const base = baseUrl(c);
  const extent = await collectionExtent(c.var.sql, col);
  return {
    id: col.id,
    title: col.title,
    description: col.description,
    itemType: 'feature',
    links: [
      { href: `${base}/collections/${col.id}`, rel: 'self', type: JSON_TYPE, title: col.title },
      { href: `${base}/collections/${col.id}/items`, rel: 'items', type: GEOJSON_TYPE, title: col.title },
      { href: `${base}/collections/${col.id}/schema`, rel: 'describedby', type: SCHEMA_TYPE, title: 'JSON schema' },
    ],
    extent: extent ? { spatial: { bbox: [extent], crs: CRS84 } } : undefined,
    crs: OGC_CRS.map((k) => k.uri),
    storageCrs: CRS84,
  };
}

function schemaType(p: OgcProperty) {
  return { title: p.title, type: [p.type, 'null'] };
}

function crsParam(value: string | undefined, name: string): OgcCrs {
  if (value === undefined || value === '') return OGC_CRS[0]!;
  const crs = crsByUri(value);
  if (!crs) {
    throw bad(`Hệ tọa độ ${name} không được hỗ trợ: ${value.slice(0, 80)}`, `Unsupported ${name}: ${value.slice(0, 80)}`);
  }
  return crs;
}

function filterValue(p: OgcProperty, name: string, raw: string): string | number | boolean {
  if (raw.length > 200) throw bad(`Giá trị lọc "${name}" quá dài`, `Filter value "${name}" too long`);
  if (p.type === 'integer') {
    if (!/^-?\d{1,15}$/.test(raw)) throw bad(`"${name}" phải là số nguyên`, `"${name}" must be an integer`);
    return Number(raw);
  }
  if (p.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw bad(`"${name}" phải là true hoặc false`, `"${name}" must be true or false`);
    return raw === 'true';
  }
  return raw;
}

async function defaultYear(c: Context, col: OgcCollection): Promise<number | null> {
  if (col.year?.default !== 'latestCommuneAssessment') return null;
  return latestCommuneYear(c.var.sql);
}

async function itemsQuery(c: Context, col: OgcCollection, id?: string): Promise<ItemsQuery> {
  const q = c.req.query();
  const filters: ItemsQuery['filters'] = {};
  for (const [name, raw] of Object.entries(q)) {
    if (STANDARD_PARAMS.has(name)) continue;
    const p = col.properties[name];
    if (!p?.filter) {
      throw bad(`Tham số không hỗ trợ: "${name.slice(0, 40)}"`, `Unsupported parameter: "${name.slice(0, 40)}"`);
    }
    filters[name] = filterValue(p, name, raw);
  }
  if (q.f !== undefined && !['json', 'geojson', ...FILE_FORMATS].includes(q.f)) {
    throw bad('f phải là json, csv, kml, gpx, gpkg hoặc shp', 'f must be json, csv, kml, gpx, gpkg or shp');
  }
  if (q.lang !== undefined && q.lang !== 'vi' && q.lang !== 'en') throw bad('lang phải là vi hoặc en', 'lang must be vi or en');
  const file = q.f !== undefined && (FILE_FORMATS as string[]).includes(q.f);
  const max = file ? FILE_MAX_LIMIT : OGC_MAX_LIMIT;
  const paging = (file ? FilePaging : Paging).safeParse(q);
  if (!paging.success) throw bad(`Tham số limit (tối đa ${max}), offset hoặc year không hợp lệ`, `Invalid limit, offset or year (limit at most ${max})`);
  if (paging.data.year !== undefined && !col.year) {
    throw bad(`Lớp "${col.id}" không lọc theo năm`, `Collection "${col.id}" has no year`);
  }
  let bbox: ItemsQuery['bbox'];
  if (q.bbox !== undefined) {
    const b = Bbox.safeParse(q.bbox);
    if (!b.success) throw bad('bbox không hợp lệ (minx,miny,maxx,maxy)', 'Invalid bbox (minx,miny,maxx,maxy)');
    bbox = b.data;
  }
  return {
    bbox,
    bboxCrs: crsParam(q['bbox-crs'], 'bbox-crs'),
    crs: crsParam(q.crs, 'crs'),
    limit: paging.data.limit,
    offset: paging.data.offset,
    year: paging.data.year ?? (await defaultYear(c, col)),
    filters,
    id,
  };
}

function crsHeader(crs: OgcCrs): string {
  return `<${crs.uri}>`;
}

export const ogc = new Hono()
  .get('/', (c) => {
    const base = baseUrl(c);
    return c.json({
      title: 'Kon Tum Atlas – OGC API Features',
      description: 'Ranh giới hành chính, thôn làng, tiểu khu, khoảnh, lô rừng và kế hoạch trồng rừng tỉnh Kon Tum / Administrative units, villages, forest inventory and planting plans of Kon Tum province',
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'Trang đầu / landing page' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'OpenAPI 3.0' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      ],
    });
  })
  .get('/api', async (c) => c.body(JSON.stringify(openApiDocument(baseUrl(c), await visible(c))), 200, { 'Content-Type': OPENAPI_TYPE }))
  .get('/conformance', (c) => c.json({ conformsTo: CONFORMANCE }))
  .get('/collections', async (c) => {
    const base = baseUrl(c);
    const cols = await visible(c);
    const collections = [];
    for (const col of cols) collections.push(await collectionJson(c, col));
    return c.json({
      links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
      collections,
      crs: OGC_CRS.map((k) => k.uri),
    });
  })
  .get('/collections/:id', async (c) => c.json(await collectionJson(c, await collectionOr404(c, c.req.param('id')))))
  .get('/collections/:id/schema', async (c) => {
    const col = await collectionOr404(c, c.req.param('id'));
    const properties: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(col.properties)) properties[name] = schemaType(p);
    const body = {
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      $id: `${baseUrl(c)}/collections/${col.id}/schema`,
      type: 'object',
      title: col.title,
      properties: {
        geometry: { format: col.geometryType === 'Point' ? 'geometry-point' : 'geometry-multipolygon' },
        ...properties,
      },
    };
    return c.body(JSON.stringify(body), 200, { 'Content-Type': SCHEMA_TYPE });
  })
  .get('/collections/:id/items', async (c) => {
    const col = await collectionOr404(c, c.req.param('id'));
    const q = await itemsQuery(c, col);
    const f = c.req.query('f');
    if (f !== undefined && (FILE_FORMATS as string[]).includes(f)) {
      if (q.crs !== OGC_CRS[0]) {
        throw bad(
          'Tệp xuất có hệ tọa độ cố định (GeoPackage, Shapefile: VN-2000 múi 107°30′; KML, GPX, CSV: WGS 84, CSV có thêm X/Y VN-2000): bỏ tham số crs',
          'Files have a fixed CRS (GeoPackage, Shapefile: VN-2000 zone 107°30′; KML, GPX, CSV: WGS 84, the CSV adds VN-2000 X/Y): leave out crs',
        );
      }
      const out = await collectionFile(c.var.sql, col, q, f as ExportFormat, c.req.query('lang') === 'en' ? 'en' : 'vi');
      if (c.req.query('limit') === undefined && out.numberMatched > q.offset + out.numberReturned) {
        throw new HttpError(
          422,
          'too_many_features',
          `Có ${out.numberMatched} đối tượng, một tệp chứa tối đa ${FILE_MAX_LIMIT}: hãy lọc (theo tiểu khu, xã, bbox) hoặc chia trang bằng limit/offset`,
          `${out.numberMatched} features match, a file holds at most ${FILE_MAX_LIMIT}: filter (by tiểu khu, commune, bbox) or page with limit/offset`,
        );
      }
      const body = typeof out.body === 'string' ? out.body : (out.body as Uint8Array<ArrayBuffer>);
      return c.body(body, 200, { 'Content-Type': out.type, 'Content-Disposition': attachment(out.fileName) });
    }
    const page = await queryItems(c.var.sql, col, q);
    const url = new URL(`${baseUrl(c)}/collections/${col.id}/items`);
    for (const [k, v] of Object.entries(c.req.query())) if (k !== 'offset') url.searchParams.set(k, v);
    const self = new URL(url);
    self.searchParams.set('offset', String(q.offset));
    const links: { href: string; rel: string; type: string; title: string }[] = [
      { href: self.toString(), rel: 'self', type: GEOJSON_TYPE, title: 'Trang này / this page' },
      { href: `${baseUrl(c)}/collections/${col.id}`, rel: 'collection', type: JSON_TYPE, title: col.title },
    ];
    if (q.offset + page.features.length < page.numberMatched && page.features.length > 0) {
      const next = new URL(url);
      next.searchParams.set('offset', String(q.offset + page.features.length));
      next.searchParams.set('limit', String(q.limit));
      links.push({ href: next.toString(), rel: 'next', type: GEOJSON_TYPE, title: 'Trang sau / next page' });
    }
    const head = JSON.stringify({
      type: 'FeatureCollection',
      numberMatched: page.numberMatched,
      numberReturned: page.features.length,
      timeStamp: new Date().toISOString(),
      links,
    });
    const body = `${head.slice(0, -1)},"features":[${page.features.join(',')}]}`;
    return c.body(body, 200, { 'Content-Type': GEOJSON_TYPE, 'Content-Crs': crsHeader(q.crs) });
  })
  .get('/collections/:id/items/:featureId', async (c) => {
    const col = await collectionOr404(c, c.req.param('id'));
    const featureId = c.req.param('featureId');
    if (featureId.length > 100) throw bad('Mã đối tượng quá dài', 'Feature id too long');
    const q = await itemsQuery(c, col, featureId);
    const page = await queryItems(c.var.sql, col, { ...q, limit: 1, offset: 0 });
    const f = page.features[0];
    if (!f) throw new HttpError(404, 'not_found', `Không tìm thấy đối tượng "${featureId}"`, `Feature "${featureId}" not found`);
    const links = JSON.stringify([
      { href: `${baseUrl(c)}/collections/${col.id}/items/${encodeURIComponent(featureId)}`, rel: 'self', type: GEOJSON_TYPE },
      { href: `${baseUrl(c)}/collections/${col.id}`, rel: 'collection', type: JSON_TYPE },
    ]);
    return c.body(`${f.slice(0, -1)},"links":${links}}`, 200, { 'Content-Type': GEOJSON_TYPE, 'Content-Crs': crsHeader(q.crs) });
  });
