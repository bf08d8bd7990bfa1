/** CSV reading and writing of the NTM upload and exports, and the pure helpers of the tables. */
import { describe, expect, it } from 'vitest';
import { CriteriaUploadRow } from '../../server/domain/ntm.ts';
import { CsvSyntaxError, detectSeparator, foldHeader, parseCsv } from '../../server/services/ntm-csv.ts';
import { toCsv } from '../../server/domain/csv.ts';
import { competitionRanks, criteriaChange } from '../../server/services/ntm-tables.ts';
import { decimal } from '../../server/services/ntm-export.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and LF, a BOM, and gives each record its line', () => {
    const text = '\uFEFFcode,year\r\n"23335","note, with ""quotes"""\r\n\r\n23317,"two\nlines"\n23318,x';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['code', 'year'] },
      { line: 2, cells: ['23335', 'note, with "quotes"'] },
      { line: 4, cells: ['23317', 'two\nlines'] },
      { line: 6, cells: ['23318', 'x'] },
    ]);
  });
  it('detects the semicolons of Vietnamese Excel', () => {
    expect(detectSeparator('mã;năm;tiêu chí;đạt\n1;2;3;4')).toBe(';');
    expect(detectSeparator('code,year\n')).toBe(',');
    expect(parseCsv('a;b\n"x;y";2')[1]!.cells).toEqual(['x;y', '2']);
  });
  it('reports an unterminated quote with the line it starts on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open\n2,3');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });
  it('folds Vietnamese headers', () => {
    expect(foldHeader(' Tiêu chí ')).toBe('tieu chi');
    expect(foldHeader('Mã xã')).toBe('ma xa');
    expect(foldHeader('Đạt')).toBe('dat');
  });
  it('writes UTF-8 CSV with BOM and CRLF, formula-safe', () => {
    expect(toCsv([['STT', 'Tiêu chí'], [1, '=cmd'], [2, 'a, b']], 'en')).toBe('\uFEFFSTT,Tiêu chí\r\n1,"\'=cmd"\r\n2,"a, b"\r\n');
    expect(decimal(14.8, 'vi')).toBe('14,8');
    expect(decimal(14.8, 'en')).toBe('14.8');
  });
});

describe('CriteriaUploadRow', () => {
  const row = (o: Partial<Record<string, string>>) => CriteriaUploadRow.safeParse({ code: '23335', year: '2024', criterion: '3', met: '1', evidence: '', evidenceDate: '', ...o });
  it('accepts commune and village codes and the usual ways of writing met', () => {
    for (const met of ['1', 'x', 'đạt', 'Đạt', 'true', 'yes', 'có']) expect(row({ met }).data?.met, met).toBe(true);
    for (const met of ['0', '', 'chưa đạt', 'không', 'false', 'no']) expect(row({ met }).data?.met, met).toBe(false);
    expect(row({ code: '23335-04' }).success).toBe(true);
    expect(row({ evidence: '  ', evidenceDate: '' }).data).toMatchObject({ evidence: null, evidenceDate: null });
  });
  it('refuses bad codes, years, criteria, met values and dates with bilingual messages', () => {
    for (const bad of [{ code: '2333' }, { code: '23335-x' }, { year: '24' }, { year: '1999' }, { criterion: '0' }, { criterion: 'a' }, { met: 'maybe' }, { evidenceDate: '2024-02-30' }, { evidenceDate: '31/02/2024' }, { evidenceDate: 'March 3' }]) {
      const r = row(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.message, JSON.stringify(bad)).toContain(' / ');
      expect(r.error!.issues, JSON.stringify(bad)).toHaveLength(1); // one message per bad cell
    }
  });
  it('reads dates as Vietnamese Excel writes them (dd/mm/yyyy) as well as ISO', () => {
    for (const [typed, iso] of [['15/03/2024', '2024-03-15'], ['5/1/2024', '2024-01-05'], ['05-01-2024', '2024-01-05'], ['2024-03-15', '2024-03-15']]) {
      expect(row({ evidenceDate: typed! }).data?.evidenceDate, typed).toBe(iso);
    }
  });
});

describe('tables helpers', () => {
  it('ranks as competitions do (1, 2, 2, 4)', () => {
    expect(competitionRanks([19, 15, 15, 12, 19])).toEqual([1, 3, 3, 5, 1]);
  });
  it('tells the criteria gained and lost', () => {
    expect(criteriaChange([1, 2, 3], [2, 3, 4, 5])).toEqual({ gained: [4, 5], lost: [1] });
  });
});

describe('domain/csv: one convention per language', () => {
  it('Vietnamese: ";" between cells, decimal comma, dd/mm/yyyy; English: ",", decimal point, ISO; both with a BOM', async () => {
    const { toCsv, dateCell } = await import('../../server/domain/csv.ts');
    const rows = [['Xã', 'ha', 'ngày'], ['Đắk Hà', 11.24, dateCell('2024-03-15')], ['a;b', 0.5, null]];
    expect(toCsv(rows, 'vi')).toBe('\uFEFFXã;ha;ngày\r\nĐắk Hà;11,24;15/03/2024\r\n"a;b";0,5;\r\n');
    expect(toCsv(rows, 'en')).toBe('\uFEFFXã,ha,ngày\r\nĐắk Hà,11.24,2024-03-15\r\n"a;b",0.5,\r\n');
    expect(toCsv([[1.5, 2]], 'vi', [2, 0])).toBe('\uFEFF1,50;2\r\n');
  });
});
