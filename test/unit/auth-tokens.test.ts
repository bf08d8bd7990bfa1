import { describe, expect, it } from 'vitest';
import { csrfTokenFor, hashToken, isWellFormedToken, newSessionToken, safeEqual } from '../../server/auth/tokens.ts';

describe('session and CSRF tokens', () => {
  it('issues 256-bit random session tokens that pass the shape check', () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(a)).toBe(true);
  });

  it('refuses junk cookies before any database query', () => {
    for (const junk of [undefined, '', 'abc', "x' OR '1'='1", `${newSessionToken()}x`, 'a'.repeat(42) + '=']) {
      expect(isWellFormedToken(junk), String(junk)).toBe(false);
    }
  });

  it('stores only a SHA-256 of the token', () => {
    const t = newSessionToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toContain(t);
  });

  it('derives a CSRF token bound to the session', () => {
    const s1 = newSessionToken();
    const s2 = newSessionToken();
    expect(csrfTokenFor(s1)).toBe(csrfTokenFor(s1));
    expect(csrfTokenFor(s1)).not.toBe(csrfTokenFor(s2));
    expect(csrfTokenFor(s1)).not.toContain(s1);
  });

  it('compares in constant time and refuses different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });
});
