/**
 * Import targets and modes beyond the first pipeline (issue 14), on both databases: the targets
 * listing with the modes each offers; criteria status records (the criteria upload's rules, matched
 * by official code) in merge and replace mode with rollback; lô in replace mode (removes the lô of
 * the file's communes that it lacks, refuses to remove lô with plantings, rollback brings them
 * back); name suggestions with Đăk/Đắk folded where codes are missing; and the validation checks
 * not covered in import.test.ts (area vs dtich, unknown commune and khoảnh, values out of range,
 * wrong geometry type, missing key). Every committed batch is rolled back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGeoJson } from '../../server/import/readers/geojson.ts';
import { ImportError } from '../../server/import/errors.ts';
import type { Sql } from 'postgres';
import { ImportClient } from '../helpers/import.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let imp: ImportClient;
const upload: ImportClient['upload'] = (bytes, q) => imp.upload(bytes, q);
const report: ImportClient['report'] = (bytes, q) => imp.report(bytes, q);
const commit = (id: number) => imp.commit(id);
async function rollback(id: number): Promise<void> {
  const res = await imp.rollback(id);
  if (res.status !== 200) throw new Error(`rollback ${id} → ${res.status}: ${await res.text()}`);
}
const enc = (s: string) => new TextEncoder().encode(s);

/** The criteria statuses of a commune and year, as text. */
async function statuses(sql: Sql, code: string, year: number): Promise<string> {
  const rows = await sql<{ s: string }[]>`
    SELECT concat_ws(',', criterion_no, met, evidence, evidence_date) AS s FROM commune_criterion_status
    WHERE commune_code = ${code} AND year = ${year} ORDER BY criterion_no`;
  return rows.map((r) => r.s).join(';');
}

const plotPrint = async (sql: Sql) =>
  (await sql<{ p: string }[]>`
    SELECT md5(string_agg(concat_ws(',', id, tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, namtr, loaicay, ST_AsEWKB(geom)), ';' ORDER BY id)) AS p
    FROM forest_plot`)[0]!.p;

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: `imt-admin-${TARGET}`, roles: ['admin'], scopes: [] });
  admin = await signedIn(t.app, `imt-admin-${TARGET}`);
  imp = new ImportClient(t, admin);
});

afterAll(async () => {
  await imp.rollbackAll();
});

describe('the targets listing', () => {
  it('lists each target with the modes it offers, so the import screen shows only those', async () => {
    const res = await admin.get('/api/import/targets');
    expect(res.status).toBe(200);
    const { targets } = (await res.json()) as { targets: { id: string; modes: string[]; geometry: string; replaceScope: { vi: string } | null }[] };
    const by = Object.fromEntries(targets.map((x) => [x.id, x]));
    expect(by.communes!.modes).toEqual(['merge']);
    expect(by.plots!.modes).toEqual(['merge', 'replace']);
    expect(by.plots!.replaceScope!.vi).toMatch(/xã/);
    expect(by.criteria).toMatchObject({ modes: ['merge', 'replace'], geometry: 'none' });
  });

  it('refuses a mode the target does not offer, in Vietnamese first', async () => {
    const e = await errorOf(await upload(enc('{"type":"FeatureCollection","features":[]}'), { target: 'communes', name: 'x.geojson', mode: 'replace' }));
    expect(e.status).toBe(422);
    expect(e.vi).toMatch(/chỉ theo kiểu: cập nhật/);
  });
});

describe('criteria status records', () => {
  let code = '';
  let year = 0;
  beforeAll(async () => {
    // an NTM commune and an assessed year that has statuses for it
    const [r] = await t.sql<{ code: string; year: number }[]>`
      SELECT s.commune_code AS code, s.year FROM commune_criterion_status s JOIN assessment a ON a.scope = 'commune' AND a.year = s.year
      GROUP BY s.commune_code, s.year HAVING count(*) >= 5 ORDER BY s.year DESC, s.commune_code LIMIT 1`;
    code = r!.code;
    year = r!.year;
  });

  it('checks every row by the criteria upload rules and refuses to commit while one is wrong', async () => {
    const csv = `ma_xa,nam,tieu_chi,dat\n${code},${year},1,1\n99999,${year},2,1\n${code},1999,3,1\n${code},${year},77,0\n${code},${year},1,0\n`;
    const r = await report(enc(csv), { target: 'criteria', name: 'tieu-chi.csv' });
    expect(r.counts.read).toBe(5);
    const codes = r.issues.map((i) => `${i.row}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining(['2:criteria_code', '3:criteria_year', '4:criteria_criterion', '5:duplicate_key']));
    expect(r.issues.find((i) => i.row === 2)!.message.vi).toMatch(/Không có xã mã 99999/);
    expect(r.canCommit).toBe(false);
    expect((await errorOf(await commit(r.id))).status).toBe(422);
  });

  it('merges by official code (met changed, version moved on), audited as one batch; rollback restores', async () => {
    const before = await statuses(t.sql, code, year);
    const [cur] = await t.sql<{ met: boolean; version: number }[]>`
      SELECT met, version FROM commune_criterion_status WHERE commune_code = ${code} AND year = ${year} AND criterion_no = 1`;
    const csv = `Mã xã;Năm;Tiêu chí;Đạt;Minh chứng\n${code};${year};1;${cur!.met ? 0 : 1};Biên bản nhập thử\n`;
    const r = await report(enc(csv), { target: 'criteria', name: 'tieu-chi.csv' });
    expect(r.counts).toMatchObject({ read: 1, updates: 1, inserts: 0, deletes: 0, errors: 0 });
    const v0 = t.deps.versions.get('communes');
    expect((await commit(r.id)).status).toBe(200);
    expect(t.deps.versions.get('communes')).toBe(v0 + 1);
    const [after] = await t.sql<{ met: boolean; evidence: string; version: number }[]>`
      SELECT met, evidence, version FROM commune_criterion_status WHERE commune_code = ${code} AND year = ${year} AND criterion_no = 1`;
    expect(after).toMatchObject({ met: !cur!.met, evidence: 'Biên bản nhập thử', version: cur!.version + 1 });
    const [audit] = await t.sql<{ after: { target: string; mode: string } }[]>`SELECT after FROM audit_log WHERE entity = 'import_batch' AND entity_id = ${String(r.id)}`;
    expect(audit!.after).toMatchObject({ target: 'criteria', mode: 'merge' });
    await rollback(r.id);
    expect(await statuses(t.sql, code, year)).toBe(before);
  });

  it('replace removes the criteria of the file\'s commune-year it lacks; rollback brings them back', async () => {
    const before = await statuses(t.sql, code, year);
    const n = before.split(';').length;
    const r = await report(enc(`code,year,criterion,met\n${code},${year},1,1\n`), { target: 'criteria', name: 'thay-the.csv', mode: 'replace' });
    expect(r.mode).toBe('replace');
    expect(r.counts).toMatchObject({ deletes: n - 1, errors: 0 });
    expect(r.issues.filter((i) => i.code === 'replace_removes').length).toBe(n - 1);
    expect((await commit(r.id)).status).toBe(200);
    expect(await statuses(t.sql, code, year)).toBe('1,t');
    await rollback(r.id);
    expect(await statuses(t.sql, code, year)).toBe(before);
  });
});

describe('lô in replace mode', () => {
  it('removes the lô of the file\'s commune it lacks, never one with plantings; rollback brings them back', async () => {
    // the commune with the fewest lô among those with a lô free of plantings, inspections and plans
    const [pick] = await t.sql<{ commune_code: string; free_id: string }[]>`
      SELECT p.commune_code, min(p.id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = p.id)
                                             AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.plot_id = p.id)
                                             AND NOT EXISTS (SELECT 1 FROM planting_plan_site s WHERE s.plot_id = p.id))::text AS free_id
      FROM forest_plot p GROUP BY p.commune_code
      HAVING count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = p.id)
                                AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.plot_id = p.id)
                                AND NOT EXISTS (SELECT 1 FROM planting_plan_site s WHERE s.plot_id = p.id)) > 0
      ORDER BY count(*) LIMIT 1`;
    const fc = async (where: ReturnType<Sql>) =>
      (await t.sql<{ fc: string }[]>`
        SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object('type', 'Feature',
          'geometry', ST_AsGeoJSON(geom, 9)::json,
          'properties', json_build_object('tk', tk, 'khoanh', khoanh, 'lo', lo, 'maxa', commune_code, 'dtich', dtich, 'ldlr', ldlr,
                                          'malr3', CASE forest_function WHEN 'special_use' THEN 1 WHEN 'protection' THEN 2 WHEN 'production' THEN 3 ELSE 0 END))))::text AS fc
        FROM forest_plot WHERE commune_code = ${pick!.commune_code} AND ${where}`)[0]!.fc;
    const before = await plotPrint(t.sql);

    // the file lacks one free lô: it is listed and removed
    const r = await report(enc(await fc(t.sql`id <> ${pick!.free_id}`)), { target: 'plots', name: 'lo-thay-the.geojson', mode: 'replace' });
    expect(r.counts).toMatchObject({ deletes: 1, errors: 0, inserts: 0 });
    expect(r.issues.filter((i) => i.code === 'replace_removes').length).toBe(1);
    expect((await commit(r.id)).status).toBe(200);
    expect((await t.sql`SELECT 1 FROM forest_plot WHERE id = ${pick!.free_id}`).length).toBe(0);
    await rollback(r.id);
    expect(await plotPrint(t.sql)).toBe(before);

    // merge: a lô moved by ~1 km gets its nearest village computed again; the others keep theirs
    const moved = await t.sql<{ fc: string }[]>`
      SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object('type', 'Feature',
        'geometry', ST_AsGeoJSON(CASE WHEN id = ${pick!.free_id} THEN ST_Translate(geom, 0.01, 0) ELSE geom END, 9)::json,
        'properties', json_build_object('tk', tk, 'khoanh', khoanh, 'lo', lo, 'maxa', commune_code, 'ldlr', ldlr))))::text AS fc
      FROM forest_plot WHERE commune_code = ${pick!.commune_code}`;
    const rm = await report(enc(moved[0]!.fc), { target: 'plots', name: 'lo-dich.geojson' });
    expect(rm.counts.errors).toBe(0);
    expect((await commit(rm.id)).status).toBe(200);
    const [acc] = await t.sql<{ stored: number; fresh: number }[]>`
      SELECT a.village_m AS stored, (SELECT min(ST_Distance(v.geom::geography, p.geom::geography)) FROM village v) AS fresh
      FROM forest_plot_access a JOIN forest_plot p ON p.id = a.plot_id WHERE a.plot_id = ${pick!.free_id}`;
    expect(acc!.stored).toBeCloseTo(acc!.fresh, 3);
    await rollback(rm.id);
    expect(await plotPrint(t.sql)).toBe(before);
    const [back] = await t.sql<{ stored: number; fresh: number }[]>`
      SELECT a.village_m AS stored, (SELECT min(ST_Distance(v.geom::geography, p.geom::geography)) FROM village v) AS fresh
      FROM forest_plot_access a JOIN forest_plot p ON p.id = a.plot_id WHERE a.plot_id = ${pick!.free_id}`;
    expect(back!.stored).toBeCloseTo(back!.fresh, 3);

    // a file lacking a lô with a planting: an error, nothing can be written
    const [used] = await t.sql<{ id: string }[]>`
      SELECT p.id::text AS id FROM forest_plot p JOIN planting g ON g.plot_id = p.id WHERE p.commune_code = ${pick!.commune_code} LIMIT 1`;
    if (used) {
      const r2 = await report(enc(await fc(t.sql`id <> ${used.id}`)), { target: 'plots', name: 'lo-thay-the-2.geojson', mode: 'replace' });
      const e = r2.issues.find((i) => i.code === 'replace_in_use')!;
      expect(e.severity).toBe('error');
      expect(e.message.vi).toMatch(/đợt trồng rừng.*không xóa được/);
      expect(r2.canCommit).toBe(false);
    }
  });
});

describe('matching and validation', () => {
  it('offers names as suggestions where codes are missing, with Đăk/Đắk and dropped spaces folded — never matching by name', async () => {
    const [u] = await t.sql<{ code: string; name: string; gj: string }[]>`
      SELECT code, name, ST_AsGeoJSON(ST_Simplify(geom, 0.001), 7) AS gj FROM admin_unit WHERE level = 'commune' AND name LIKE 'Đắk %' ORDER BY code LIMIT 1`;
    const variant = `Xã ${u!.name.replace('Đắk', 'Đăk').replace(/ /g, '')}`; // 'Xã ĐăkCấm'
    const gj = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { ten_xa: variant }, geometry: JSON.parse(u!.gj) }] };
    const r = await report(enc(JSON.stringify(gj)), { target: 'communes', name: 'xa-khong-ma.geojson' });
    expect(r.issues.find((i) => i.code === 'key_missing')!.severity).toBe('error');
    const s = r.issues.find((i) => i.code === 'name_suggestion')!;
    expect(s.severity).toBe('warning');
    expect(s.message.vi).toContain(`(${u!.code})`);
    expect(r.counts.updates).toBe(0); // not matched
    expect(r.canCommit).toBe(false);
  });

  it('reports area vs dtich, unknown commune and khoảnh, values out of range, a point for a polygon, a missing lô code', async () => {
    const [p] = await t.sql<{ tk: number; khoanh: number; commune_code: string; dtich: number; gj: string }[]>`
      SELECT tk, khoanh, commune_code, dtich::float8 AS dtich, ST_AsGeoJSON(geom, 9) AS gj FROM forest_plot ORDER BY id LIMIT 1`;
    const geom = JSON.parse(p!.gj);
    const f = (props: Record<string, unknown>, geometry: unknown = geom) => ({ type: 'Feature', properties: { tk: p!.tk, khoanh: p!.khoanh, maxa: p!.commune_code, ldlr: 'DT2', ...props }, geometry });
    const gj = {
      type: 'FeatureCollection',
      features: [
        f({ lo: 'x1', dtich: p!.dtich * 3 }), // 1: area disagrees with dtich
        f({ lo: 'x2', maxa: '99999' }), // 2: unknown commune code
        f({ lo: 'x3', khoanh: 999 }), // 3: khoảnh not in the register
        f({ lo: 'x4', dtich: -1, namtr: 1800 }), // 4: dtich and namtr out of range
        f({ lo: 'x5' }, { type: 'Point', coordinates: [107.9, 14.4] }), // 5: a point
        f({ lo: null }), // 6: no lô code
      ],
    };
    const r = await report(enc(JSON.stringify(gj)), { target: 'plots', name: 'kiem-tra.geojson' });
    const codes = r.issues.map((i) => `${i.row}:${i.severity}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '1:warning:area_mismatch',
        '2:error:unknown_commune',
        '3:error:unknown_khoanh',
        '4:error:value_range',
        '5:error:geometry_type',
        '6:error:key_missing',
      ]),
    );
    expect(codes.filter((c) => c.startsWith('4:error:value_range')).length).toBe(2);
    expect(r.issues.find((i) => i.code === 'area_mismatch')!.message.vi).toMatch(/khác dtich/);
  });
});

describe('GeoJSON is streamed', () => {
  it('reads the crs member and the fields from the head, then the features one at a time; a cut file fails part-way with a clear error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-geojson-'));
    try {
      const feature = (i: number) => JSON.stringify({ type: 'Feature', properties: { ma_thon: `V${i}`, ten: `Thôn ${i}` }, geometry: { type: 'Point', coordinates: [500000 + i, 1600000] } });
      const text = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::9216"}},"features":[${Array.from({ length: 300 }, (_, i) => feature(i)).join(',')}]}`;
      const whole = path.join(dir, 'a.geojson');
      writeFileSync(whole, text);
      const f = await openGeoJson(whole);
      expect(f.crs?.label).toMatch(/9216/);
      expect(f.fields).toEqual(['ma_thon', 'ten']);
      let n = 0;
      for await (const x of f.features()) if (x.props.ma_thon === `V${n}`) n++;
      expect(n).toBe(300);

      // cut in the middle of the 250th feature: the first 249 come out, then the error
      const cut = path.join(dir, 'b.geojson');
      writeFileSync(cut, text.slice(0, text.indexOf('"V249"')));
      const g = await openGeoJson(cut);
      let m = 0;
      const err = await (async () => {
        try {
          for await (const _ of g.features()) m++;
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(m).toBe(249);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).code).toBe('geojson_invalid');
      expect((err as ImportError).vi).toMatch(/cắt cụt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
