/**
 * Plantings and inspections imported from the offices' tables (issue 14), on both databases: the
 * forms' Vietnamese headers mapped by the presets, rows matched to lô by tiểu khu/khoảnh/lô only,
 * each check (unknown lô or planting, a commune code disagreeing with the lô's, counts that do not
 * add up, rates and dates out of range) listed by row, a clean file committed in one audited
 * transaction (data versions of plots and tkplanting bumped), and rollback restoring every row.
 * Staged rows are removed after a commit and, for batches left staged too long, by the clean-up.
 * Fixtures: test/fixtures/import/trong-rung*.csv, nghiem-thu*.csv (see the README there).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import ExcelJS from 'exceljs';
import { cleanStaged, STAGED_MAX_HOURS } from '../../server/import/cleanup.ts';
import { ImportClient } from '../helpers/import.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let imp: ImportClient;
const report: ImportClient['report'] = (bytes, q) => imp.report(bytes, q);
const commit = (id: number) => imp.commit(id);
const rollback = (id: number) => imp.rollback(id);
const fixture = (f: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'import', f)));


/** Every planting and inspection of TK 568, as text (ids included). */
const print = async (sql: Sql) =>
  (await sql<{ p: string }[]>`
    SELECT (SELECT md5(coalesce(string_agg(concat_ws(',', g.id, g.plot_id, g.year, g.area_ha, g.species, g.funding, g.household, g.density_per_ha, g.planted_on), ';' ORDER BY g.id), ''))
            FROM planting g JOIN forest_plot p ON p.id = g.plot_id WHERE p.tk = 568)
        || (SELECT md5(coalesce(string_agg(concat_ws(',', i.id, i.planting_id, i.stage, i.inspected_on, i.survival_pct, i.result, i.team, i.note), ';' ORDER BY i.id), ''))
            FROM inspection i JOIN forest_plot p ON p.id = i.plot_id WHERE p.tk = 568) AS p`)[0]!.p;

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: `imr-admin-${TARGET}`, roles: ['admin'], scopes: [] });
  admin = await signedIn(t.app, `imr-admin-${TARGET}`);
  imp = new ImportClient(t, admin);
});

afterAll(async () => {
  await imp.rollbackAll();
});

describe('plantings', () => {
  it('lists every wrong row by its check, and refuses to commit', async () => {
    const r = await report(fixture('trong-rung-loi.csv'), { target: 'plantings', name: 'trong-rung-loi.csv' });
    expect(r.counts.read).toBe(7);
    const codes = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.row}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['1:unknown_plot', '2:area_exceeds_plot', '3:value_invalid', '4:value_invalid', '5:commune_mismatch', '6:value_range', '6:duplicate_key', '7:duplicate_key']),
    );
    expect(r.issues.find((i) => i.code === 'unknown_plot')!.message.vi).toMatch(/Lô 568\/1\/99 .* không có: nhập lô trước/);
    expect(r.issues.find((i) => i.code === 'area_exceeds_plot')!.message.vi).toMatch(/Diện tích trồng 30 ha lớn hơn diện tích lô 21.45 ha/);
    expect(r.canCommit).toBe(false);
    expect((await errorOf(await commit(r.id))).status).toBe(422);
  });

  it('reads the form, matches lô by code, commits in one audited batch (plots and tkplanting bumped); rollback restores', async () => {
    const before = await print(t.sql);
    const r = await report(fixture('trong-rung.csv'), { target: 'plantings', name: 'trong-rung.csv' });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toMatchObject({ read: 3, inserts: 2, updates: 1, errors: 0 });
    const v = { plots: t.deps.versions.get('plots'), tk: t.deps.versions.get('tkplanting') };
    expect((await commit(r.id)).status).toBe(200);
    expect(t.deps.versions.get('plots')).toBe(v.plots + 1);
    expect(t.deps.versions.get('tkplanting')).toBe(v.tk + 1);
    const rows = await t.sql<{ lo: string; year: number; area_ha: string; species: string; funding: string; household: string | null; density_per_ha: number; planted_on: string | null }[]>`
      SELECT p.lo, g.year, g.area_ha::text, g.species, g.funding, g.household, g.density_per_ha, g.planted_on::text
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id
      WHERE (p.tk, p.khoanh) = (568, 1) AND g.year = 2024 OR (p.tk, p.khoanh, p.lo, g.year) = (568, 3, '6', 2022) ORDER BY p.khoanh, p.lo`;
    expect(rows).toEqual([
      { lo: '1', year: 2024, area_ha: '5.20', species: 'Keo lai', funding: 'state', household: 'Hộ ông A Thới', density_per_ha: 1660, planted_on: '2024-07-15' },
      { lo: '2', year: 2024, area_ha: '4.00', species: 'Thông ba lá', funding: 'self', household: 'Hộ bà Y Hên', density_per_ha: 1100, planted_on: '2024-07-20' },
      // the existing planting of 2022: area updated, what the file leaves empty kept
      expect.objectContaining({ lo: '6', year: 2022, area_ha: '3.60', species: 'Keo lai', funding: 'state' }),
    ]);
    expect(rows[2]!.planted_on).not.toBeNull();
    const audits = await t.sql<{ after: { target: string; inserts: number; updates: number } }[]>`
      SELECT after FROM audit_log WHERE entity = 'import_batch' AND entity_id = ${String(r.id)}`;
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ target: 'plantings', inserts: 2, updates: 1 });
    expect((await rollback(r.id)).status).toBe(200);
    expect(await print(t.sql)).toBe(before);
  });
});

describe('plantings from Excel', () => {
  it('reads the first worksheet as a stream: headers, numbers, a date cell and a day-first date text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Trồng rừng 2024');
    ws.addRow(['Tiểu khu', 'Khoảnh', 'Lô', 'Năm trồng', 'Diện tích trồng (ha)', 'Loài cây', 'Nguồn vốn', 'Ngày trồng']);
    ws.addRow([568, 1, '1', 2024, 5.2, 'Keo lai', 'Ngân sách', new Date(Date.UTC(2024, 6, 15))]);
    ws.addRow([568, 1, '2', 2024, 4, 'Thông ba lá', 'Tự có', '20/07/2024']);
    wb.addWorksheet('Ghi chú').addRow(['not read']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = await report(bytes, { target: 'plantings', name: 'trong-rung.xlsx' });
    expect(r.file.format).toBe('xlsx');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toMatchObject({ read: 2, inserts: 2, errors: 0 });
    const rows = await t.sql<{ lo: string; planted_on: string }[]>`
      SELECT s.attrs->>'lo' AS lo, s.attrs->>'planted_on' AS planted_on FROM import_staged s WHERE s.batch_id = ${r.id} ORDER BY s.row_no`;
    expect(rows).toEqual([{ lo: '1', planted_on: '2024-07-15' }, { lo: '2', planted_on: '2024-07-20' }]);
  });
});

describe('inspections', () => {
  it('checks the counts, the rate, the stage, the dates and the planting, row by row', async () => {
    const r = await report(fixture('nghiem-thu-loi.csv'), { target: 'inspections', name: 'nghiem-thu-loi.csv' });
    expect(r.counts.read).toBe(8);
    const codes = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.row}:${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['1:counts_invalid', '2:counts_mismatch', '3:value_range', '4:unknown_planting', '5:date_future', '6:value_range', '7:date_before_planting', '8:field_missing']),
    );
    expect(r.issues.find((i) => i.code === 'counts_mismatch')!.message.vi).toMatch(/Tỷ lệ sống 90 % không khớp số cây: 80\/100 = 80(\.00)? %/);
    expect(r.canCommit).toBe(false);
  });

  it('appends new inspections and updates a recorded one, the class by the thresholds in force; rollback restores', async () => {
    const before = await print(t.sql);
    const r = await report(fixture('nghiem-thu.csv'), { target: 'inspections', name: 'nghiem-thu.csv' });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.counts).toMatchObject({ read: 3, inserts: 2, updates: 1, errors: 0 });
    const v = t.deps.versions.get('tkplanting');
    expect((await commit(r.id)).status).toBe(200);
    expect(t.deps.versions.get('tkplanting')).toBe(v + 1);
    const rows = await t.sql<{ k: number; lo: string; stage: number; on: string; pct: string; result: string; team: string; note: string | null; by: number | null }[]>`
      SELECT p.khoanh AS k, p.lo, i.stage, i.inspected_on::text AS on, i.survival_pct::text AS pct, i.result, i.team, i.note, i.created_by AS by
      FROM inspection i JOIN forest_plot p ON p.id = i.plot_id
      WHERE p.tk = 568 AND (i.inspected_on >= '2023-11-01' OR i.team = 'Hạt Kiểm lâm Sa Thầy') ORDER BY p.khoanh, p.lo, i.stage`;
    expect(rows).toEqual([
      expect.objectContaining({ k: 3, lo: '6', stage: 2, on: '2023-11-20', pct: '87.50', result: 'accepted', note: null }),
      expect.objectContaining({ k: 5, lo: '1', stage: 2, on: '2023-12-19', pct: '60.00', result: 'replant', note: 'trồng dặm 40 cây' }),
      expect.objectContaining({ k: 5, lo: '6', stage: 1, on: '2022-12-11', pct: '70.00', result: 'replant', note: 'nhập lại theo biên bản' }),
    ]);
    expect(rows[0]!.by).not.toBeNull();
    // the same file again: nothing new, the rows it wrote match
    const again = await report(fixture('nghiem-thu.csv'), { target: 'inspections', name: 'nghiem-thu.csv' });
    expect(again.counts).toMatchObject({ inserts: 0, updates: 3 });
    expect((await rollback(r.id)).status).toBe(200);
    expect(await print(t.sql)).toBe(before);
  });
});

describe('staged-row clean-up', () => {
  const staged = async (id: number) => (await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM import_staged WHERE batch_id = ${id}`)[0]!.n;
  const status = async (id: number) => (await t.sql<{ s: string }[]>`SELECT status AS s FROM import_batch WHERE id = ${id}`)[0]!.s;

  it('a commit removes its staged rows; batches left staged too long are discarded with theirs, the recent and their reports kept', async () => {
    const done = await report(fixture('trong-rung.csv'), { target: 'plantings', name: 'trong-rung.csv' });
    expect(await staged(done.id)).toBe(3);
    expect((await commit(done.id)).status).toBe(200);
    expect(await staged(done.id)).toBe(0);
    // the report of a committed batch is still there, and its rollback (import_backup) still works
    expect((await admin.get(`/api/import/${done.id}`)).status).toBe(200);

    const old = await report(fixture('trong-rung-loi.csv'), { target: 'plantings', name: 'trong-rung-loi.csv' });
    const recent = await report(fixture('nghiem-thu.csv'), { target: 'inspections', name: 'nghiem-thu.csv' });
    await t.sql`UPDATE import_batch SET created_at = now() - make_interval(hours => ${STAGED_MAX_HOURS + 1}) WHERE id = ${old.id}`;
    const issues = (await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM import_issue WHERE batch_id = ${old.id}`)[0]!.n;
    expect(issues).toBeGreaterThan(0);
    const r = await cleanStaged(t.sql);
    expect(r.discarded).toBeGreaterThanOrEqual(1);
    expect(await status(old.id)).toBe('discarded');
    expect(await staged(old.id)).toBe(0);
    expect((await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM import_issue WHERE batch_id = ${old.id}`)[0]!.n).toBe(issues);
    expect(await status(recent.id)).toBe('staged');
    expect(await staged(recent.id)).toBe(3);
    // a discarded batch cannot be committed
    expect((await errorOf(await commit(old.id))).status).toBe(409);
    expect((await rollback(done.id)).status).toBe(200);
    // no staged rows are left behind by batches that are not staged
    expect((await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM import_staged s JOIN import_batch b ON b.id = s.batch_id WHERE b.status <> 'staged'`)[0]!.n).toBe(0);
  });
});
