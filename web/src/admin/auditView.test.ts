import { describe, expect, it } from 'vitest';
import { auditQuery, auditTime, changes, showValue } from './auditView.ts';

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

  it('shows nested values as JSON', () => {
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(showValue(undefined)).toBeNull();
  });
});

describe('audit times', () => {
  it('are written day first in Vietnam time', () => {
    expect(auditTime('2024-05-02T14:03:07+07:00')).toBe('02/05/2024 14:03:07');
  });
});
