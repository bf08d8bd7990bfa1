/**
 * Staging and validation: the file's features, mapped onto the target's fields and reprojected to
 * WGS 84, go into import_staged (one transaction per batch: a file is staged whole or not at all);
 * then SQL checks them against the province and the existing rows and lists every issue in
 * import_issue. Nothing outside the import tables is written here.
 */
import type { Sql } from 'postgres';
import type { Geometry, Position } from 'geojson';
import { proposeCrs, toWgs84, type SourceCrs } from './crs.ts';
import { ImportError } from './errors.ts';
import { assertMode, autoMapping, convertValue, forestFunctionOf, TARGETS, type ImportMode, type ImportTarget, type TargetDef } from './targets.ts';
import { CRITERIA_EXISTING, validateCriteria } from './criteria.ts';
import { validateReplace } from './replace.ts';
import { suggestByName } from './suggest.ts';
import { INSPECTION_EXISTING, PLANTING_EXISTING, validateRecords } from './records.ts';
import { isReportTarget, REPORT_KEY_FIELDS, tableExisting, validateTable } from './report-tables.ts';
import type { IssueFn, OpenedFile } from './types.ts';
import { overlayGridSize } from '../services/area.ts';
import { fixRings } from './rings.ts';
import { isLostStatement } from '../db/pglite-protocol.ts';
import { foldName } from '../domain/text.ts';
import { stagedWkb } from './stage-wkb.ts';

const CHUNK = 500;
/** Issues kept per batch (the counts stay exact). */
export const MAX_ISSUES = 5000;
/** Tolerances of the warnings. */
export const TOLERANCE = { areaShare: 0.1, overlapShare: 0.01, outsideShare: 0.05 } as const;

export interface StageInput {
  target: ImportTarget;
  mode: ImportMode;
  fileName: string;
  fileBytes: number;
  checksum: string;
  /** the user's CRS (overrides the file's) */
  crs?: SourceCrs;
  mapping?: Record<string, string>;
  userId: number | null;
  /** called with each step's duration (the benchmark's profile; nothing is logged otherwise) */
  onStep?: (step: string, ms: number) => void;
}

/** Times `fn` as `step` when profiling. */
async function timed<T>(onStep: StageInput['onStep'], step: string, fn: () => Promise<T>): Promise<T> {
  if (!onStep) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    onStep(step, performance.now() - t0);
  }
}

function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  const ring = (r: Position[]) => r.map(f);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: ring(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: ring(g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map(ring) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(ring) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapPositions(x, f)) };
  }
}

function extend(b: [number, number, number, number], g: Geometry): void {
  mapPositions(g, (p) => {
    b[0] = Math.min(b[0], p[0]!);
    b[1] = Math.min(b[1], p[1]!);
    b[2] = Math.max(b[2], p[0]!);
    b[3] = Math.max(b[3], p[1]!);
    return p;
  });
}

/**
 * The bounding box of the file in its own coordinates (for CRS candidates), reading at most `n` features.
 */
async function rawBbox(file: OpenedFile, n = 2000): Promise<[number, number, number, number] | null> {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let i = 0;
  for await (const f of file.features()) {
    if (f.geometry) extend(b, f.geometry);
    if (++i >= n) break;
  }
  return Number.isFinite(b[0]) ? b : null;
}

/** Stages a file as a new batch and validates it; returns the batch id. */
export async function stageFile(sql: Sql, file: OpenedFile, input: StageInput): Promise<number> {
  const t: TargetDef = TARGETS[input.target];
  assertMode(t, input.mode);
  const tabular = t.geometry === 'none';
  const crs = tabular ? null : (input.crs ?? file.crs);
  if (!crs && !tabular) {
    const bbox = await rawBbox(file);
    const candidates = bbox ? proposeCrs(bbox) : [];
    throw new ImportError(
      'crs_required',
      candidates.length
        ? `Tệp không ghi hệ tọa độ. Tọa độ phù hợp với: ${candidates.map((c) => c.id).join(', ')} — hãy chọn một`
        : 'Tệp không ghi hệ tọa độ và tọa độ không nằm trong tỉnh Kon Tum theo hệ nào quen dùng: hãy chỉ rõ hệ tọa độ',
      candidates.length
        ? `The file names no coordinate system. Its coordinates fit: ${candidates.map((c) => c.id).join(', ')} — choose one`
        : 'The file names no coordinate system and its coordinates fall in Kon Tum under none of the usual ones: name the system',
      { candidates, bbox },
    );
  }
  const mapping = autoMapping(t, file.fields, input.mapping);
  const missing = t.fields.filter((f) => f.required && !mapping[f.name] && !(f.name === 'ldlr' && mapping.forest_function));
  // a file of units or villages with names but no code column is staged all the same: every row is
  // an error (no code), and the names are offered as suggestions (suggest.ts)
  const namesOnly = mapping.name && missing.every((f) => f.name === 'code');
  const keyFields = isReportTarget(t.id) ? REPORT_KEY_FIELDS[t.id] : KEY_FIELDS;
  if (!namesOnly && missing.some((f) => keyFields.includes(f.name))) {
    throw new ImportError(
      'mapping_incomplete',
      `Không tìm thấy cột cho: ${missing.map((f) => f.name).join(', ')}. Các cột của tệp: ${file.fields.slice(0, 30).join(', ')}`,
      `No column found for: ${missing.map((f) => f.name).join(', ')}. The file's columns: ${file.fields.slice(0, 30).join(', ')}`,
      { fields: file.fields, mapping },
    );
  }
  const project = crs ? toWgs84(crs) : (p: Position) => p;
  const toLonLat = (p: Position): Position => {
    const [lon, lat] = project(p);
    return [Math.round(lon * 1e9) / 1e9, Math.round(lat * 1e9) / 1e9];
  };

  return sql.begin(async (txn) => {
    const tx = txn as unknown as Sql;
    // the checks are many short geometry predicates: compiling them (JIT) costs more than it saves
    await tx`SET LOCAL jit = off`;
    const [batch] = await tx<{ id: string }[]>`
      INSERT INTO import_batch (target, mode, file_name, file_bytes, checksum, format, crs, encoding, mapping, created_by)
      VALUES (${input.target}, ${input.mode}, ${input.fileName.slice(0, 255)}, ${input.fileBytes}, ${input.checksum}, ${file.format},
              ${crs ? tx.json({ label: crs.label, datumShift: crs.datumShift, source: crs.source, proj4: crs.proj4 }) : null},
              ${file.encoding ? tx.json(file.encoding as never) : null}, ${tx.json(mapping)}, ${input.userId})
      RETURNING id`;
    const batchId = Number(batch!.id);
    const t0 = performance.now();
    let rowNo = 0;
    // geom: GeoJSON text, only where wkb (base64 WKB, stage-wkb.ts) cannot carry the geometry
    let rows: { batch_id: number; row_no: number; key: string | null; attrs: string; geom: string | null; wkb: string | null }[] = [];
    const issues: { row_no: number; key: string | null; severity: string; code: string; vi: string; en: string }[] = [];
    const fixSql = t.geometry === 'polygon' ? FIX_POLYGON : FIX_POINT;
    const existing = actionAtStaging(t);
    const flush = async () => {
      if (rows.length === 0) return;
      // geom_fixed (what a commit writes) is made here, as the rows go in: set by an UPDATE of every
      // staged row afterwards, it wrote each row and its index entries twice
      await tx.unsafe(
        `INSERT INTO import_staged (batch_id, row_no, key, attrs, geom, geom_fixed, action)
         SELECT s.batch_id, s.row_no, s.key, s.attrs, s.geom, s.geom_fixed, ${existing ? `CASE WHEN EXISTS (${existing}) THEN 'update' ELSE 'insert' END` : 'NULL'}
         FROM (
           SELECT r.batch_id, r.row_no, r.key, r.attrs::jsonb AS attrs, g.geom, ${fixSql} AS geom_fixed
           FROM json_to_recordset($1::text::json) AS r(batch_id bigint, row_no int, key text, attrs text, geom text, wkb text),
             LATERAL (SELECT CASE WHEN r.wkb IS NOT NULL THEN ST_GeomFromWKB(decode(r.wkb, 'base64'), 4326)
               WHEN r.geom IS NOT NULL THEN ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)) END AS geom) g) s`,
        [JSON.stringify(rows)],
      );
      rows = [];
    };
    for await (const f of file.features()) {
      rowNo++;
      const attrs: Record<string, unknown> = {};
      for (const field of t.fields) {
        const col = mapping[field.name];
        if (!col) continue;
        const raw = f.props[col];
        const v = field.name === 'forest_function' ? forestFunctionOf(raw) : field.read ? field.read(raw) : convertValue(field, raw);
        if (v === undefined || (field.name === 'forest_function' && v === null && raw != null && raw !== '')) {
          issues.push({ row_no: rowNo, key: null, severity: 'error', code: 'value_invalid', vi: `Cột ${col}: giá trị "${String(raw).slice(0, 40)}" không hợp lệ cho ${field.name}`, en: `Column ${col}: "${String(raw).slice(0, 40)}" is not a valid ${field.name}` });
          attrs[field.name] = null;
        } else {
          attrs[field.name] = v;
        }
      }
      if (input.target === 'villages' && typeof attrs.name === 'string') attrs.name_search = foldName(attrs.name);
      let geom: string | null = null;
      let wkb: string | null = null;
      if (f.geometry && !tabular) {
        // open rings closed, impossible rings kept from the database (rings.ts: GEOS lost rows on them)
        const fixed = fixRings(f.geometry);
        if (fixed.geometry === null) {
          issues.push({ row_no: rowNo, key: null, severity: 'error', code: 'geometry_unreadable', vi: 'Vòng ranh giới có ít hơn 3 điểm khác nhau: không tạo thành vùng', en: 'A ring has fewer than 3 distinct positions: it is not a polygon' });
        } else {
          if (fixed.closed) issues.push({ row_no: rowNo, key: null, severity: 'warning', code: 'ring_closed', vi: 'Vòng ranh giới không khép kín đã được khép lại (nối điểm cuối với điểm đầu)', en: 'An open ring was closed (its last position joined to its first)' });
          try {
            wkb = stagedWkb(fixed.geometry, toLonLat);
            if (wkb === null) geom = JSON.stringify(mapPositions(fixed.geometry, toLonLat));
          } catch {
            issues.push({ row_no: rowNo, key: null, severity: 'error', code: 'geometry_unreadable', vi: 'Không chuyển được tọa độ của đối tượng', en: 'Could not transform the coordinates of the feature' });
          }
        }
      }
      rows.push({ batch_id: batchId, row_no: rowNo, key: t.key(attrs), attrs: JSON.stringify(attrs), geom, wkb });
      if (rows.length >= CHUNK) await flush();
    }
    await flush();
    input.onStep?.('read + stage rows', performance.now() - t0);
    if (rowNo === 0) throw new ImportError('file_empty', 'Tệp không có đối tượng nào', 'The file holds no features');
    for (let i = 0; i < issues.length && i < MAX_ISSUES; i += CHUNK) {
      await tx`
        INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en)
        SELECT ${batchId}, r.row_no, r.key, r.severity, r.code, r.vi, r.en
        FROM json_to_recordset(${JSON.stringify(issues.slice(i, i + CHUNK))}::text::json) AS r(row_no int, key text, severity text, code text, vi text, en text)`;
    }
    // The checks' plans need the staged rows' statistics: between imports the table is empty (staged
    // rows are removed after each batch), and planned as empty (1 row) the duplicate-key check ran the
    // grouping again for every row — quadratic; 100,000 lô did not finish staging. ANALYZE sees this
    // transaction's own rows; a concurrent import's ANALYZE waits for this one (its lock is held to the end).
    await timed(input.onStep, 'analyze', () => tx`ANALYZE import_staged`);
    await validate(tx, batchId, t, input.mode, input.onStep);
    return batchId;
  }).catch((err: unknown) => {
    // the protocol guard's answer where the embedded database lost a GEOS exception mid-statement
    // (it once cut the staging INSERT short after part of its rows, and a check short of its issues):
    // nothing was written; say so in the import's own words rather than a 500
    if (!isLostStatement(err)) throw err;
    throw new ImportError(
      'staging_incomplete',
      'Cơ sở dữ liệu không đọc hết được hình học của tệp (lỗi hình học bị mất trong cơ sở dữ liệu nhúng): tệp chưa được nhập, hãy báo cho quản trị',
      'The database could not read all the geometry of the file (a geometry error was lost in the embedded database): nothing was imported; please tell the administrator',
    );
  });
}

/**
 * The geometry a commit writes (`g.geom`, as read): a polygon made valid (ST_MakeValid, its polygons
 * kept) and multi; a point, or the one point of a multipoint. Null where the geometry does not fit:
 * the checks list why (geometry_type, geometry_empty).
 */
const FIX_POLYGON = `CASE WHEN g.geom IS NOT NULL AND ST_Dimension(g.geom) = 2 THEN
    CASE WHEN ST_IsValid(g.geom) THEN ST_Multi(g.geom) ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g.geom), 3)) END END`;
const FIX_POINT = `CASE WHEN ST_GeometryType(g.geom) = 'ST_Point' THEN g.geom
    WHEN ST_GeometryType(g.geom) = 'ST_MultiPoint' AND ST_NumGeometries(g.geom) = 1 THEN ST_GeometryN(g.geom, 1) END`;

/** The fields of the official key: a file without a column for one of them is refused outright. */
const KEY_FIELDS = ['code', 'tk', 'khoanh', 'lo', 'year', 'criterion'];

/** The SQL checks; each adds rows to import_issue. */
async function validate(tx: Sql, batchId: number, t: TargetDef, mode: ImportMode, onStep?: StageInput['onStep']): Promise<void> {
  const issue: IssueFn = (severity, code, vi, en, from, params = []) =>
    timed(onStep, code, () =>
      tx.unsafe(
        `INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en)
         SELECT $1::bigint, s.row_no, s.key, '${severity}', '${code}', ${vi}, ${en} ${from}`,
        [batchId, ...params] as never[],
      ),
    );
  const polygon = t.geometry === 'polygon';

  if (t.id === 'criteria') {
    // criteria status: the criteria upload's rules, row by row (they include missing and repeated keys)
    await validateCriteria(tx, batchId);
  } else if (t.id === 'plantings' || t.id === 'inspections') {
    await validateRecords(tx, batchId, t, issue);
  } else if (isReportTarget(t.id) && t.geometry === 'none') {
    await validateTable(tx, batchId, t, issue, false);
  } else {
    await validateFeatures(tx, batchId, t, issue, polygon, onStep);
    // the report tables' own checks (OCOP points: the codes, ratings and years; report-tables.ts)
    if (isReportTarget(t.id)) await validateTable(tx, batchId, t, issue, true);
  }
  await timed(onStep, 'actions', () => setActions(tx, batchId, t));
  const deletes = mode === 'replace' ? await timed(onStep, 'replace', () => validateReplace(tx, batchId, t)) : 0;
  await tx.unsafe(
    `UPDATE import_batch b SET counts = (
       SELECT jsonb_build_object(
         'read', (SELECT count(*) FROM import_staged WHERE batch_id = $1),
         'inserts', (SELECT count(*) FROM import_staged WHERE batch_id = $1 AND action = 'insert'),
         'updates', (SELECT count(*) FROM import_staged WHERE batch_id = $1 AND action = 'update'),
         'deletes', $2::int,
         'errors', (SELECT count(*) FROM import_issue WHERE batch_id = $1 AND severity = 'error'),
         'warnings', (SELECT count(*) FROM import_issue WHERE batch_id = $1 AND severity = 'warning'),
         'repaired', (SELECT count(*) FROM import_issue WHERE batch_id = $1 AND code = 'geometry_repaired')))
     WHERE b.id = $1`,
    [batchId, deletes],
  );
}


/** The checks of features with a geometry (every target but criteria). */
async function validateFeatures(tx: Sql, batchId: number, t: TargetDef, issue: IssueFn, polygon: boolean, onStep?: StageInput['onStep']): Promise<void> {
  // geometry: repaired (listed), missing, wrong type, empty
  await issue('error', 'geometry_missing', `'Đối tượng không có hình học'`, `'The feature has no geometry'`, 'FROM import_staged s WHERE s.batch_id = $1 AND s.geom IS NULL');
  if (polygon) {
    await issue('warning', 'geometry_repaired', `'Hình học không hợp lệ đã được sửa (ST_MakeValid): ' || ST_IsValidReason(s.geom)`, `'Invalid geometry repaired (ST_MakeValid): ' || ST_IsValidReason(s.geom)`,
      "FROM import_staged s WHERE s.batch_id = $1 AND s.geom IS NOT NULL AND ST_Dimension(s.geom) = 2 AND NOT ST_IsValid(s.geom)");
    await issue('error', 'geometry_type', `'Cần vùng (polygon), tệp có ' || ST_GeometryType(s.geom)`, `'A polygon is needed, the file has ' || ST_GeometryType(s.geom)`,
      'FROM import_staged s WHERE s.batch_id = $1 AND s.geom IS NOT NULL AND ST_Dimension(s.geom) <> 2');
    await issue('error', 'geometry_empty', `'Hình học rỗng sau khi sửa'`, `'Empty geometry after repair'`,
      'FROM import_staged s WHERE s.batch_id = $1 AND s.geom IS NOT NULL AND ST_Dimension(s.geom) = 2 AND (s.geom_fixed IS NULL OR ST_IsEmpty(s.geom_fixed))');
  } else {
    await issue('error', 'geometry_type', `'Cần một điểm, tệp có ' || ST_GeometryType(s.geom)`, `'A point is needed, the file has ' || ST_GeometryType(s.geom)`,
      'FROM import_staged s WHERE s.batch_id = $1 AND s.geom IS NOT NULL AND s.geom_fixed IS NULL');
  }

  // keys: missing, duplicated in the file
  const keyNames = (isReportTarget(t.id) ? REPORT_KEY_FIELDS[t.id] : t.fields.filter((f) => f.required && ['code', 'tk', 'khoanh', 'lo'].includes(f.name)).map((f) => f.name)).join(', ');
  await issue('error', 'key_missing', `'Thiếu mã (${keyNames})'`, `'Missing code (${keyNames})'`,
    'FROM import_staged s WHERE s.batch_id = $1 AND s.key IS NULL');
  await issue('error', 'duplicate_key', `'Mã ' || s.key || ' lặp lại trong tệp (' || d.n || ' lần)'`, `'Code ' || s.key || ' appears ' || d.n || ' times in the file'`,
    `FROM import_staged s JOIN (SELECT key, count(*) AS n FROM import_staged WHERE batch_id = $1 AND key IS NOT NULL GROUP BY key HAVING count(*) > 1) d ON d.key = s.key WHERE s.batch_id = $1`);

  // required fields
  for (const f of t.fields.filter((x) => x.required && !['code', 'tk', 'khoanh', 'lo'].includes(x.name))) {
    await issue('error', 'field_missing', `'Thiếu giá trị ${f.name}'`, `'Missing ${f.name}'`, `FROM import_staged s WHERE s.batch_id = $1 AND s.key IS NOT NULL AND (s.attrs->>'${f.name}') IS NULL`);
  }

  // the province: outside entirely (error), partly (warning)
  await issue('error', 'outside_province', `'Nằm ngoài tỉnh Kon Tum (kiểm tra hệ tọa độ / tệp .prj)'`, `'Outside Kon Tum province (check the coordinate system / .prj)'`,
    `FROM import_staged s WHERE s.batch_id = $1 AND s.geom_fixed IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM admin_unit p WHERE p.level = 'province' AND p.geom && s.geom_fixed AND ST_Intersects(p.geom, s.geom_fixed))`);
  if (polygon) {
    await issue('warning', 'partly_outside', `'Một phần (' || round((100 * o.share)::numeric, 1) || ' %) nằm ngoài ranh giới tỉnh'`, `round((100 * o.share)::numeric, 1) || ' % lies outside the province boundary'`,
      `FROM import_staged s, LATERAL (
         SELECT 1 - ST_Area(ST_Intersection(s.geom_fixed, p.geom)::geography) / nullif(ST_Area(s.geom_fixed::geography), 0) AS share
         FROM admin_unit p WHERE p.level = 'province' AND NOT ST_CoveredBy(s.geom_fixed, p.geom)) o
       WHERE s.batch_id = $1 AND s.geom_fixed IS NOT NULL AND o.share > ${TOLERANCE.outsideShare} AND o.share < 0.999`,
    );
  }

  // official codes: the unit must exist (never matched by name)
  if (t.id === 'communes' || t.id === 'districts') {
    const level = t.id === 'communes' ? 'commune' : 'district';
    await issue('error', 'unknown_unit', `'Mã đơn vị ' || s.key || ' không có trong danh mục (Tổng cục Thống kê)'`, `'Unit code ' || s.key || ' is not in the register (statistics office)'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND s.key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM admin_unit a WHERE a.code = s.key AND a.level = '${level}')`);
  } else {
    await issue('error', 'unknown_commune', `'Mã xã ' || (s.attrs->>'commune_code') || ' không có trong danh mục'`, `'Commune code ' || (s.attrs->>'commune_code') || ' is not in the register'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND (s.attrs->>'commune_code') IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM admin_unit a WHERE a.code = s.attrs->>'commune_code' AND a.level = 'commune')`);
  }
  if (t.id === 'khoanh') {
    await issue('error', 'unknown_tieukhu', `'Tiểu khu ' || (s.attrs->>'tk') || ' chưa có: nhập tiểu khu trước'`, `'Tiểu khu ' || (s.attrs->>'tk') || ' does not exist: import the tiểu khu first'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND s.key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM forest_tieu_khu k WHERE k.tk = (s.attrs->>'tk')::int)`);
  }
  if (t.id === 'plots') {
    await issue('error', 'unknown_khoanh', `'Khoảnh ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || ' chưa có: nhập khoảnh trước'`, `'Khoảnh ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || ' does not exist: import the khoảnh first'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND s.key IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM forest_khoanh k WHERE k.tk = (s.attrs->>'tk')::int AND k.khoanh = (s.attrs->>'khoanh')::int)`);
    await issue('error', 'value_range', `'dtich phải lớn hơn 0 và nhỏ hơn 100 000 ha'`, `'dtich must be above 0 and below 100,000 ha'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND (s.attrs->>'dtich') IS NOT NULL AND ((s.attrs->>'dtich')::float8 <= 0 OR (s.attrs->>'dtich')::float8 >= 100000)`);
    await issue('error', 'value_range', `'namtr phải trong khoảng 1900–2100'`, `'namtr must be within 1900–2100'`,
      `FROM import_staged s WHERE s.batch_id = $1 AND (s.attrs->>'namtr') IS NOT NULL AND (s.attrs->>'namtr')::int NOT BETWEEN 1900 AND 2100 AND (s.attrs->>'namtr')::int <> 0`);
    await issue('warning', 'area_mismatch',
      `'Diện tích theo bản đồ ' || round(a.ha::numeric, 2) || ' ha khác dtich ' || (s.attrs->>'dtich') || ' ha'`,
      `'Mapped area ' || round(a.ha::numeric, 2) || ' ha differs from dtich ' || (s.attrs->>'dtich') || ' ha'`,
      `FROM import_staged s, LATERAL (SELECT ST_Area(s.geom_fixed::geography) / 10000 AS ha) a
       WHERE s.batch_id = $1 AND s.geom_fixed IS NOT NULL AND (s.attrs->>'dtich')::float8 > 0
         AND abs(a.ha - (s.attrs->>'dtich')::float8) > ${TOLERANCE.areaShare} * (s.attrs->>'dtich')::float8`);
    // Each pair once (a before b); neighbours sharing an edge are the rule in an inventory, so the
    // cheap bounds go first and the intersection is computed only where the overlap could exceed the
    // tolerance; the share is measured in plane degrees (a ratio: the same as on the ellipsoid at a
    // lô's size), the hectares of a reported overlap on the ellipsoid. The overlays snap-round on the
    // embedded database (overlayGridSize, as the area analysis does): its GEOS in WebAssembly cannot
    // catch a failed noding, and a 100,000-lô inventory has such a pair. The pairs are read with a
    // plain SELECT, which PostgreSQL may share among parallel workers (an INSERT … SELECT never is):
    // 23.0 → 13.0 s for 100,000 lô on 2 cores. Then both rows of a pair are listed, naming the other
    // by its key, or by its row number when it has none.
    const grid = await overlayGridSize(tx);
    const pairs = await timed(onStep, 'overlap pairs', () =>
      tx.unsafe<{ ra: number; ka: string | null; rb: number; kb: string | null; ha: number }[]>(
        `SELECT a.row_no AS ra, a.key AS ka, b.row_no AS rb, b.key AS kb, ST_Area(ST_Intersection(a.geom_fixed, b.geom_fixed, $2::float8)::geography) / 10000 AS ha
         FROM import_staged a JOIN import_staged b ON b.batch_id = a.batch_id AND b.row_no > a.row_no AND b.geom_fixed && a.geom_fixed
         CROSS JOIN LATERAL (SELECT ${TOLERANCE.overlapShare} * least(ST_Area(a.geom_fixed), ST_Area(b.geom_fixed)) AS tol) m
         WHERE a.batch_id = $1
           -- the overlap of the two bounding boxes bounds the overlap of the lô: most neighbours stop here
           AND (least(ST_XMax(a.geom_fixed), ST_XMax(b.geom_fixed)) - greatest(ST_XMin(a.geom_fixed), ST_XMin(b.geom_fixed)))
             * (least(ST_YMax(a.geom_fixed), ST_YMax(b.geom_fixed)) - greatest(ST_YMin(a.geom_fixed), ST_YMin(b.geom_fixed))) > m.tol
           AND ST_Intersects(a.geom_fixed, b.geom_fixed)
           AND ST_Area(ST_Intersection(a.geom_fixed, b.geom_fixed, $2::float8)) > m.tol`,
        [batchId, grid],
      ),
    );
    if (pairs.length > 0) {
      await issue('warning', 'overlap', `'Chồng lấn lô ' || coalesce(s.okey, 'ở dòng ' || s.orow) || ' (' || round(s.ha::numeric, 2) || ' ha)'`,
        `'Overlaps lô ' || coalesce(s.okey, 'on row ' || s.orow) || ' (' || round(s.ha::numeric, 2) || ' ha)'`,
        `FROM (
           WITH pairs AS (SELECT * FROM jsonb_to_recordset($2::text::jsonb) AS p(ra int, ka text, rb int, kb text, ha float8))
           SELECT ra AS row_no, ka AS key, rb AS orow, kb AS okey, ha FROM pairs
           UNION ALL SELECT rb, kb, ra, ka, ha FROM pairs) s`,
        [JSON.stringify([...pairs])],
      );
    }
  }

  await timed(onStep, 'name suggestions', () => suggestByName(tx, batchId, t));
}

/** Whether a staged row matches a stored one (`s` = the staged row): a commit updates it, else inserts it. */
const EXISTING: Partial<Record<ImportTarget, string>> = {
  communes: "SELECT 1 FROM admin_unit x WHERE x.code = s.key AND x.level = 'commune'",
  districts: "SELECT 1 FROM admin_unit x WHERE x.code = s.key AND x.level = 'district'",
  tieukhu: "SELECT 1 FROM forest_tieu_khu x WHERE x.tk::text = s.key",
  khoanh: "SELECT 1 FROM forest_khoanh x WHERE x.tk || '/' || x.khoanh = s.key",
  plots: "SELECT 1 FROM forest_plot x WHERE x.tk = (s.attrs->>'tk')::int AND x.khoanh = (s.attrs->>'khoanh')::int AND x.lo = s.attrs->>'lo'",
  villages: 'SELECT 1 FROM village x WHERE x.code = s.key',
  criteria: CRITERIA_EXISTING,
  plantings: PLANTING_EXISTING,
  inspections: INSPECTION_EXISTING,
};

/**
 * The targets whose validation leaves the staged rows as they went in (no attrs added, as records
 * and report tables do): their insert/update action is set by the staging INSERT itself, and only
 * the rows with errors are updated afterwards. An UPDATE of every staged row wrote each row and its
 * index entries (the geometry index among them) a second time: 7 s of 77 at 100,000 lô.
 */
function actionAtStaging(t: TargetDef): string | null {
  return t.geometry !== 'none' && !isReportTarget(t.id) ? (EXISTING[t.id] ?? null) : null;
}

/** What a commit would do with each row: skip (it has errors), update (its key exists), insert. */
async function setActions(tx: Sql, batchId: number, t: TargetDef): Promise<void> {
  const errorRows = `SELECT i.row_no FROM import_issue i WHERE i.batch_id = $1 AND i.severity = 'error' AND i.row_no IS NOT NULL`;
  if (actionAtStaging(t)) {
    await tx.unsafe(`UPDATE import_staged s SET action = 'skip' WHERE s.batch_id = $1 AND s.row_no IN (${errorRows})`, [batchId]);
    return;
  }
  await tx.unsafe(
    `UPDATE import_staged s SET action = CASE
       WHEN s.row_no IN (${errorRows}) THEN 'skip'
       WHEN EXISTS (${isReportTarget(t.id) ? tableExisting(t.id) : EXISTING[t.id]}) THEN 'update' ELSE 'insert' END
     WHERE s.batch_id = $1`,
    [batchId],
  );
}
