import { describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, generatePassword, hashPassword, needsRehash, parseHash, passwordProblem, verifyPassword } from '../../server/auth/password.ts';

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('Rừng-Kon-Tum 2023');
    expect(h).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Rừng-Kon-Tum 2023', h)).toBe(true);
    expect(await verifyPassword('Rừng-Kon-Tum 2024', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('compares Unicode passwords in NFC (a composed and a decomposed "ế" are the same password)', async () => {
    const composed = 'Kon Tum thế kỷ'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses malformed or tampered hashes without throwing (and without huge allocations)', async () => {
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5')).toBe(false);
    expect(parseHash('scrypt$ln=15,r=99,p=1$c2FsdHNhbHQ=$a2V5a2V5a2V5a2V5a2V5a2V5')).toBeNull();
    expect(parseHash('scrypt$ln=15,r=8,p=1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5')).toBeNull(); // 4-byte salt
  });

  it('asks for a rehash of hashes made with weaker parameters', async () => {
    const weak = await hashPassword('an old password', { ln: 12, r: 8, p: 1 });
    expect(await verifyPassword('an old password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('a new password'))).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
    expect(CURRENT_PARAMS.ln).toBeGreaterThanOrEqual(15); // 32 MiB: memory-hard
  });
});

describe('password policy', () => {
  it('wants length, variety, and not the username nor a common password', () => {
    expect(passwordProblem('short1')?.en).toMatch(/at least 10/);
    expect(passwordProblem('aaaaabbbbbaaaaa')?.en).toMatch(/too simple/);
    expect(passwordProblem('nguyen.van.a', 'Nguyen.Van.A')?.en).toMatch(/username/);
    expect(passwordProblem('Password123')?.en).toMatch(/common/);
    expect(passwordProblem('tab\there-and-more')?.en).toMatch(/control/);
    expect(passwordProblem('x'.repeat(100) + 'abcdefghijklmnopqrstuvwxyz'.repeat(5))?.en).toMatch(/at most/);
    expect(passwordProblem('Đắk Hà mùa mưa 2023')).toBeNull();
  });

  it('generates readable passwords that pass the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(passwordProblem(p)).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(50);
  });
});
