import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell, nextDay, vnDayStart } from '../../server/auth/audit.ts';

describe('audit CSV', () => {
  it('quotes what needs quoting (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell({ met: true, evidence: 'QĐ 12, "đạt"' })).toBe('"{""met"":true,""evidence"":""QĐ 12, \\""đạt\\""""}"');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe('"\'+1"');
    expect(csvCell('-1')).toBe('"\'-1"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
  });

  it('writes a BOM, a header and CRLF lines', () => {
    const csv = auditCsv([
      {
        id: 7,
        at: '2024-05-02T14:03:07+07:00',
        userId: 3,
        username: 'editor',
        action: 'update',
        entity: 'commune_criterion_status',
        entityId: '23329/2024/5',
        before: { met: false },
        after: { met: true },
        requestId: 'r-1',
        ip: '10.0.0.1',
      },
    ]);
    expect(csv.startsWith('\uFEFFid,at,user_id,username,action,entity,entity_id,before,after,request_id,ip\r\n')).toBe(true);
    expect(csv).toContain('\r\n7,2024-05-02T14:03:07+07:00,3,editor,update,commune_criterion_status,23329/2024/5,"{""met"":false}","{""met"":true}",r-1,10.0.0.1\r\n');
  });
});

describe('Vietnam calendar days', () => {
  it('start at 17:00 UTC the day before', () => {
    expect(vnDayStart('2024-05-02').toISOString()).toBe('2024-05-01T17:00:00.000Z');
  });
  it('roll over months and leap days', () => {
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2024-02-29')).toBe('2024-03-01');
    expect(nextDay('2023-12-31')).toBe('2024-01-01');
  });
});
