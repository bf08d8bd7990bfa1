/**
 * npm run import -- <file> --target <communes|districts|tieukhu|khoanh|plots|villages|criteria|plantings|inspections|ocop|capital|funding|village_infrastructure|scattered_trees|village_plans|village_standing|commune_culture_houses|scattered_tree_inspections> [--mode merge|replace]
 *                   [--crs <name, EPSG code, proj string>] [--encoding <utf-8|windows-1258|tcvn3|vni>]
 *                   [--map field=column …] [--commit]
 * npm run import -- --rollback <batch id>
 *
 * Without --commit the file is staged and validated and the report printed; nothing else changes.
 * On the embedded database the server must be stopped (PGlite allows one process per data folder):
 * when it runs, this says so and points to the web import screen / the API instead.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { runCli } from './cli.ts';
import { importFile } from './import/pipeline.ts';
import { commitBatch, rollbackBatch } from './import/commit.ts';
import { batchReport, type ImportReport } from './import/report.ts';
import { IMPORT_MODES, IMPORT_TARGETS, TARGETS, type ImportMode, type ImportTarget } from './import/targets.ts';
import { NAMED_CRS } from './import/crs.ts';
import { DataVersions } from './tiles/versions.ts';

const USAGE = `Cách dùng / usage:
  npm run import -- <tệp/file> --target <${IMPORT_TARGETS.join('|')}> [--mode <${IMPORT_MODES.join('|')}>] [--crs <${Object.keys(NAMED_CRS).join('|')}|EPSG:nnnn|+proj=…>]
                   [--encoding <utf-8|windows-1258|tcvn3|vni>] [--map truong=cot …] [--commit]
  npm run import -- --rollback <số lần nhập / batch id>`;

class CliError extends Error {}

/** True when an atlas server answers on the configured port over the embedded database. */
async function embeddedServerRunning(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { database?: string };
    return body.database === 'embedded';
  } catch {
    return false;
  }
}

export function printReport(r: ImportReport, log: (s: string) => void = console.log): void {
  log(`Lần nhập / batch ${r.id}: ${r.file.name} (${r.file.format}, ${r.file.bytes} bytes, sha256 ${r.file.checksum.slice(0, 16)}…) → ${r.target} [${r.status}]`);
  if (r.crs) log(`  Hệ tọa độ / CRS: ${r.crs.label} — chuyển datum / datum shift: ${r.crs.datumShift} (${r.crs.source})`);
  if (r.encoding) log(`  Bảng mã / encoding: ${r.encoding.encoding} (${r.encoding.by})${r.encoding.sample.length ? `: ${r.encoding.sample.slice(0, 3).join(' | ')}` : ''}`);
  log(`  Cột / mapping: ${Object.entries(r.mapping).map(([k, v]) => `${k}←${v}`).join(', ')}`);
  const c = r.counts;
  log(`  Đọc / read ${c.read}; thêm mới / inserts ${c.inserts}; cập nhật / updates ${c.updates}; xóa / deletes ${c.deletes ?? 0} (${r.mode}); lỗi / errors ${c.errors}; cảnh báo / warnings ${c.warnings} (sửa hình học / repaired ${c.repaired})`);
  for (const i of r.issues.slice(0, 50)) log(`  ${i.severity === 'error' ? 'LỖI/ERROR' : 'cảnh báo/warning'} dòng/row ${i.row ?? '-'} ${i.key ?? ''}: ${i.message.vi} / ${i.message.en}`);
  if (r.issues.length > 50 || r.issuesTruncated) log(`  … (${c.errors + c.warnings} in all)`);
}

runCli(async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      mode: { type: 'string' },
      crs: { type: 'string' },
      encoding: { type: 'string' },
      map: { type: 'string', multiple: true },
      commit: { type: 'boolean', default: false },
      rollback: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!positionals[0] && !values.rollback)) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  const config = loadConfig();
  if (!config.DATABASE_URL && (await embeddedServerRunning(config.PORT))) {
    throw new CliError(
      `Máy chủ atlas đang chạy trên cơ sở dữ liệu nhúng (${config.DATA_DIR}) ở cổng ${config.PORT}: cơ sở dữ liệu này chỉ mở được bởi một chương trình. ` +
        `Hãy nhập qua màn hình "Nhập dữ liệu" của ứng dụng (hoặc POST /api/import), hoặc dừng máy chủ rồi chạy lại lệnh này.\n` +
        `The atlas server is running on the embedded database (${config.DATA_DIR}) on port ${config.PORT}: only one program may open it. ` +
        `Import through the app's import screen (or POST /api/import), or stop the server and run this again.`,
    );
  }
  let target: ImportTarget | undefined;
  let file = '';
  if (!values.rollback) {
    file = path.resolve(positionals[0]!);
    if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`Không có tệp / no such file: ${file}`);
    if (!values.target || !(IMPORT_TARGETS as readonly string[]).includes(values.target)) throw new CliError(`--target ${IMPORT_TARGETS.join('|')}\n${USAGE}`);
    target = values.target as ImportTarget;
    const offered = TARGETS[target].modes;
    if (values.mode && !offered.includes(values.mode as ImportMode)) throw new CliError(`--mode: ${target} → ${offered.join('|')}`);
  }
  const mapping: Record<string, string> = {};
  for (const m of values.map ?? []) {
    const [k, v] = m.split('=');
    if (!k || !v) throw new CliError(`--map truong=cot / field=column: ${m}`);
    mapping[k.trim()] = v.trim();
  }
  const db = await openDatabase(config);
  try {
    const versions = await DataVersions.load(db.sql);
    if (values.rollback) {
      const id = Number(values.rollback);
      if (!Number.isInteger(id) || id <= 0) throw new CliError(`--rollback <số / number>`);
      await rollbackBatch(db.sql, versions, id, { userId: null, username: null });
      printReport(await batchReport(db.sql, id));
      return 0;
    }
    const report = await importFile(db.sql, file, path.basename(file), { target: target!, mode: (values.mode as ImportMode | undefined) ?? 'merge', crs: values.crs, encoding: values.encoding, mapping, userId: null });
    printReport(report);
    if (!values.commit) {
      console.log(report.canCommit ? 'Chưa ghi (thêm --commit để ghi) / not written (add --commit to write)' : 'Còn lỗi: không ghi được / errors: cannot be written');
      return report.canCommit ? 0 : 2;
    }
    if (!report.canCommit) return 2;
    await commitBatch(db.sql, versions, report.id, { userId: null, username: null });
    console.log(`Đã ghi lần nhập ${report.id} / batch ${report.id} committed (hoàn tác / roll back: npm run import -- --rollback ${report.id})`);
    return 0;
  } finally {
    await db.close();
  }
});
