import { describe, expect, it } from 'vitest';
import { AUDIT_ENTITIES, auditQuery, auditTime, changes, MAX_TEXT, showValue } from './auditView.ts';

describe('audit filters as a query string', () => {
  it('leaves empty filters out and encodes the rest', () => {
    expect(auditQuery({})).toBe('');
    expect(auditQuery({ username: ' editor ', entity: '', entityId: '23329/2025' }, { limit: 50, before: null })).toBe(
      '?username=editor&entityId=23329%2F2025&limit=50',
    );
    expect(auditQuery({ from: '2024-01-01', to: '2024-01-31', action: 'update' })).toBe('?action=update&from=2024-01-01&to=2024-01-31');
  });
});

describe('what an audit row changed', () => {
  it('lists only the fields that differ', () => {
    expect(changes({ met: false, evidence: null, version: 1 }, { met: true, evidence: 'QĐ 45', version: 2 })).toEqual([
      { field: 'met', before: 'false', after: 'true' },
      { field: 'evidence', before: null, after: 'QĐ 45' },
      { field: 'version', before: '1', after: '2' },
    ]);
    expect(changes({ roles: ['viewer'], scopes: [] }, { roles: ['editor', 'viewer'], scopes: ['608'] })).toEqual([
      { field: 'roles', before: 'viewer', after: 'editor, viewer' },
      { field: 'scopes', before: '', after: '608' },
    ]);
  });

  it('shows every field of a created record', () => {
    expect(changes(null, { username: 'a', roles: ['admin'] })).toEqual([
      { field: 'username', before: null, after: 'a' },
      { field: 'roles', before: null, after: 'admin' },
    ]);
  });

  it('shows nested values as words, never as raw JSON', () => {
    expect(showValue({ a: 1, b: 'x' })).toBe('a: 1; b: x');
    expect(showValue(undefined)).toBeNull();
    expect(showValue('2024-03-15')).toBe('15/03/2024');
  });

  it('an inspection reads field by field: dates day first, its sample plots by count, no JSON, nothing cut at the edge', () => {
    const after = {
      inspection: {
        id: 7, inspectedOn: '2024-03-15', stage: 1, survivalPct: 90.63, result: 'accepted', note: 'x'.repeat(400),
        samplePlots: [{ no: 1, areaM2: 100, planted: 16, surviving: 15 }, { no: 2, areaM2: 100, planted: 16, surviving: 14 }],
        thresholds: { acceptedAbovePct: 85, rejectedBelowPct: 50 },
      },
      replayed: false,
      cls: 'accepted',
    };
    const c = changes(null, after);
    const by = Object.fromEntries(c.map((x) => [x.field, x.after]));
    expect(by['inspection.inspectedOn']).toBe('15/03/2024');
    expect(by['inspection.survivalPct']).toBe('90.63');
    expect(by['inspection.samplePlots']).toBe('(2) 1, 2');
    expect(by['inspection.thresholds']).toBe('acceptedAbovePct: 85; rejectedBelowPct: 50');
    expect(by['inspection.note']!.length).toBe(MAX_TEXT);
    expect(by['inspection.note']!.endsWith('…')).toBe(true);
    for (const x of c) expect(x.after ?? '', x.field).not.toMatch(/^[[{]"/);
  });

  it('a plan change names the lô added and removed; an upload reads its counts', () => {
    const site = (plotId: number, label: string) => ({ plotId, label, areaHa: 1.2, center: [107.9, 14.3] });
    const c = changes(
      { name: 'KH 2024', version: 1, sites: [site(1, 'TK 568 K 3 L 6'), site(2, 'TK 568 K 3 L 7')] },
      { name: 'KH 2024', version: 2, sites: [site(2, 'TK 568 K 3 L 7'), site(3, 'TK 570 K 1 L 2')] },
    );
    expect(c).toEqual([
      { field: 'version', before: '1', after: '2' },
      { field: 'sites', before: '(2)', after: '(2) + TK 570 K 1 L 2 · − TK 568 K 3 L 6' },
    ]);
    const up = changes(null, { rows: 4, changed: 3, unchanged: 1, communes: 1, villages: 1, years: [2023], fileName: 'tieu-chi.csv' });
    expect(up.map((x) => [x.field, x.after])).toEqual([
      ['rows', '4'], ['changed', '3'], ['unchanged', '1'], ['communes', '1'], ['villages', '1'], ['years', '2023'], ['fileName', 'tieu-chi.csv'],
    ]);
  });

  it('the filter knows every kind of change the API records', () => {
    expect([...AUDIT_ENTITIES].sort()).toEqual(['app_setting', 'app_user', 'commune_criterion_status', 'criteria_upload', 'inspection', 'planting_plan', 'village_criterion_status']);
  });
});

describe('audit times', () => {
  it('are written day first in Vietnam time', () => {
    expect(auditTime('2024-05-02T14:03:07+07:00')).toBe('02/05/2024 14:03:07');
  });
});
