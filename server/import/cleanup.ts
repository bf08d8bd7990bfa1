/**
 * Staged rows are working data: a batch's copy of the file in import_staged is needed only while
 * it waits to be committed. Removed on cancel (the batch with them, jobs.ts discardBatch), after a
 * commit (commit.ts), and for batches left staged longer than STAGED_MAX_HOURS (abandoned: marked
 * 'discarded') at start-up and every hour. The batch row, its issues (the report) and the backup
 * of a committed batch (rollback) stay.
 */
import type { Sql } from 'postgres';

export const STAGED_MAX_HOURS = 24;
const EVERY_MS = 60 * 60 * 1000;

/** Discards batches staged longer than `hours` and removes the staged rows of every batch no longer staged. */
export async function cleanStaged(sql: Sql, hours = STAGED_MAX_HOURS): Promise<{ discarded: number; rows: number }> {
  return sql.begin(async (txn) => {
    const tx = txn as unknown as Sql;
    const discarded = await tx`
      UPDATE import_batch SET status = 'discarded' WHERE status = 'staged' AND created_at < now() - make_interval(hours => ${hours}::int)`;
    const rows = await tx`
      DELETE FROM import_staged s USING import_batch b WHERE b.id = s.batch_id AND b.status <> 'staged'`;
    return { discarded: discarded.count, rows: rows.count };
  });
}

/** Cleans at once, then every hour (errors logged, never thrown); returns the stop function. */
export function startStagedCleanup(sql: Sql, log: (m: string) => void = console.log): () => void {
  const run = () =>
    cleanStaged(sql).then(
      (r) => {
        if (r.discarded || r.rows) log(`Nhập dữ liệu: đã dọn ${r.rows} dòng tạm, hủy ${r.discarded} lần nhập bỏ dở / import: removed ${r.rows} staged rows, discarded ${r.discarded} abandoned batches`);
      },
      (e: unknown) => log(`import staged-row cleanup failed: ${(e as Error).message}`),
    );
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
