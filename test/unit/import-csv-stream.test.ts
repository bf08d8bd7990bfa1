/**
 * The streamed CSV reader (server/import/readers/table.ts) on files larger than its 1 MB pieces: rows
 * and values come out as a whole-file parse gives them — a quoted value with line breaks running over a
 * piece's end, a Windows-1258 file whose accented lines come only after the first MB, and a file
 * that stops reading in the chosen encoding part-way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsv } from '../../server/import/readers/table.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-csv-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(file: string, encoding?: string) {
  const o = await openCsv(file, { geometry: true, encoding });
  const out: Record<string, unknown>[] = [];
  for await (const f of o.features()) out.push({ ...f.props, lonlat: f.geometry && (f.geometry as { coordinates: number[] }).coordinates });
  return { o, out };
}

describe('streamed CSV', () => {
  it('reads a quoted value with line breaks that runs over the end of a 1 MB piece', async () => {
    const lines = ['ma_thon;ten_thon;ghi_chu;kinh_do;vi_do'];
    const n = 30_000; // ~1.6 MB: several pieces
    for (let i = 1; i <= n; i++) {
      const note = i % 997 === 0 ? `"dòng một\ndòng hai; ""trích"" ${'x'.repeat(3000)}\ndòng ba"` : `Ghi chú ${i}`;
      lines.push(`62001-${i};Thôn Đăk ${i};${note};107,${String(5000 + (i % 1000)).padStart(4, '0')};14,3${i % 10}`);
    }
    const file = path.join(dir, 'quoted.csv');
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const { o, out } = await rows(file);
    expect(o.fields).toEqual(['ma_thon', 'ten_thon', 'ghi_chu', 'kinh_do', 'vi_do']);
    expect(out).toHaveLength(n);
    expect(out.map((r) => r.ma_thon)).toEqual(Array.from({ length: n }, (_, i) => `62001-${i + 1}`));
    const q = out[996]!;
    expect(q.ghi_chu).toBe(`dòng một\ndòng hai; "trích" ${'x'.repeat(3000)}\ndòng ba`);
    expect(q.ten_thon).toBe('Thôn Đăk 997');
    expect(out[n - 2]!.lonlat).toEqual([107.5999, 14.39]); // row 29 999: 107,5999 / 14,39 (decimal commas)
    expect(out[n - 1]!.lonlat).toEqual([107.5, 14.3]);
  });

  it('finds Windows-1258 from accented lines that come only after the first MB', async () => {
    const head = 'ma_thon,ten_thon,kinh_do,vi_do\n';
    const early = Array.from({ length: 50_000 }, (_, i) => `A${i},Thon ${i},107.5,14.3\n`).join(''); // ASCII, ~1.2 MB
    // letters Windows-1258 holds precomposed (its tone marks on ơ are combining, which iconv-lite does not compose)
    const late = iconv.encode('Z1,Thôn Kon Rơ Bàng,107.5,14.3\nZ2,Làng Đăk Tơ Re,107.6,14.4\n', 'windows1258');
    const file = path.join(dir, 'late.csv');
    writeFileSync(file, Buffer.concat([Buffer.from(head + early), late]));
    const { o, out } = await rows(file);
    expect(o.encoding?.encoding).toBe('windows-1258');
    expect(out).toHaveLength(50_002);
    expect(out.slice(-2).map((r) => r.ten_thon)).toEqual(['Thôn Kon Rơ Bàng', 'Làng Đăk Tơ Re']);
  });

  it('refuses, with a bilingual message, a file that does not read in the encoding chosen', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('ma_thon,ten_thon,kinh_do,vi_do\nA,Thôn,107.5,14.3\n'), Buffer.from([0x42, 0xff, 0xfe, 0x0a])]));
    await expect(rows(file, 'utf-8')).rejects.toMatchObject({ code: 'encoding_mismatch' });
  });
});
