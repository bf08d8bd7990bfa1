import { describe, expect, it } from 'vitest';
import { AuditQuery, CreateUserBody, CriterionStatusBody, IsoDate, RoleList, ScopeList, text, UpdateUserBody, Username } from '../../server/auth/contract.ts';
import { scopeCovers } from '../../server/auth/guards.ts';
import { loadAuthSettings } from '../../server/auth/settings.ts';

describe('input schemas', () => {
  it('normalises usernames and refuses anything but a-z 0-9 . _ -', () => {
    expect(Username.parse('  Nguyen.Van.A ')).toBe('nguyen.van.a');
    for (const bad of ["admin'--", 'a b', 'ab', 'x'.repeat(41), 'nguyễn', '-lead', 'a;DROP TABLE app_user']) {
      expect(Username.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('takes quotes and semicolons as text, but no control characters', () => {
    const t = text(200);
    expect(t.parse(`Robert'); DROP TABLE app_user;--`)).toBe(`Robert'); DROP TABLE app_user;--`);
    expect(t.safeParse('a\u0000b').success).toBe(false);
    expect(t.safeParse('two\nlines').success).toBe(false);
    expect(text(200, { multiline: true }).parse('two\nlines')).toBe('two\nlines');
    expect(t.safeParse('x'.repeat(201)).success).toBe(false);
  });

  it('accepts only dates that exist', () => {
    expect(IsoDate.parse('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-1', '2024-01-01T00:00:00Z', "2024-01-01' OR 1=1"]) {
      expect(IsoDate.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('dedupes and sorts roles and scopes; refuses unknown roles and non-codes', () => {
    expect(RoleList.parse(['editor', 'admin', 'editor'])).toEqual(['admin', 'editor']);
    expect(RoleList.safeParse(['root']).success).toBe(false);
    expect(ScopeList.parse(['616', '608', '608'])).toEqual(['608', '616']);
    expect(ScopeList.safeParse(["608' OR '1'='1"]).success).toBe(false);
  });

  it('refuses unknown fields in write bodies (no mass assignment)', () => {
    expect(CriterionStatusBody.safeParse({ met: true, version: 1, commune_code: '23329' }).success).toBe(false);
    expect(UpdateUserBody.safeParse({ version: 1, passwordHash: 'x' }).success).toBe(false);
    expect(CreateUserBody.safeParse({ username: 'abc', displayName: 'A', roles: ['viewer'], id: 1 }).success).toBe(false);
  });

  it('fills PUT defaults for a criterion status and requires the version', () => {
    expect(CriterionStatusBody.parse({ met: true, version: 0 })).toEqual({ met: true, evidence: null, evidenceDate: null, version: 0 });
    expect(CriterionStatusBody.safeParse({ met: true }).success).toBe(false);
    expect(CriterionStatusBody.safeParse({ met: 'yes', version: 1 }).success).toBe(false);
    expect(CriterionStatusBody.safeParse({ met: true, version: -1 }).success).toBe(false);
  });

  it('parses audit filters and caps the page size', () => {
    expect(AuditQuery.parse({})).toEqual({ limit: 100 });
    expect(AuditQuery.parse({ username: 'Editor', limit: '20', before: '99' })).toEqual({ username: 'editor', limit: 20, before: 99 });
    expect(AuditQuery.safeParse({ limit: '100000' }).success).toBe(false);
    expect(AuditQuery.safeParse({ entity: "app_user' OR 1=1" }).success).toBe(false);
  });
});

describe('scopes', () => {
  const chain = [{ code: '23329' }, { code: '608' }, { code: '62' }];
  it('a commune is covered by itself, its district and the province', () => {
    expect(scopeCovers(['23329'], chain)).toBe(true);
    expect(scopeCovers(['608'], chain)).toBe(true);
    expect(scopeCovers(['62'], chain)).toBe(true);
  });
  it('but not by another district or commune', () => {
    expect(scopeCovers(['616'], chain)).toBe(false);
    expect(scopeCovers(['23330'], chain)).toBe(false);
    expect(scopeCovers([], chain)).toBe(false);
  });
});

describe('sign-in settings', () => {
  it('has safe defaults', () => {
    const s = loadAuthSettings({});
    expect(s).toMatchObject({ cookieSecure: 'auto', idleMinutes: 120, maxHours: 12, lockFailures: 5, lockMinutes: 15, trustProxy: false, allowedOrigins: [] });
  });
  it('reads AUTH_* variables and refuses bad values', () => {
    const s = loadAuthSettings({ AUTH_LOCK_FAILURES: '3', AUTH_ALLOWED_ORIGINS: 'https://a.example/, https://b.example', AUTH_TRUST_PROXY: '1' });
    expect(s.lockFailures).toBe(3);
    expect(s.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(s.trustProxy).toBe(true);
    expect(() => loadAuthSettings({ AUTH_SESSION_IDLE_MINUTES: '0' })).toThrow(/AUTH_SESSION_IDLE_MINUTES/);
  });
});
