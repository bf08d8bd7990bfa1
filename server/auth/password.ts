import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, node:crypto). The stored form carries its parameters,
 * so they can be raised later: hashes made with weaker ones are upgraded at the next sign-in
 * (see needsRehash).
 *
 *   scrypt$ln=15,r=8,p=1$<salt, base64>$<derived key, base64>
 *
 * ln is log2 of the CPU/memory cost N: 2^15 × 8 × 128 B = 32 MiB and ~50–100 ms per hash.
 */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };
const KEY_LEN = 32;
const SALT_LEN = 16;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLen = KEY_LEN): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await derive(password, salt, params);
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

export function parseHash(stored: string): Parsed | null {
  const m = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // refuse absurd parameters from a tampered row instead of allocating gigabytes
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { params, salt, key };
}

/** Constant-time check of a password against a stored hash; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with weaker parameters than the current ones. */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p || parsed.key.length < KEY_LEN;
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as a real check when the username does not exist, so response times do
 * not tell whether an account exists.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(password, await dummy);
}

// Readable alphabet: no 0/O, 1/l/I.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password shown once: four groups of four, ~93 bits. e.g. 'kT7m-x9Qp-R2vd-8NwZ'. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Password policy: length over composition (NIST SP 800-63B). Returns the reason, bilingual, or null. */
export function passwordProblem(password: string, username?: string): { vi: string; en: string } | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN) {
    return { vi: `Mật khẩu phải có ít nhất ${PASSWORD_MIN} ký tự`, en: `The password must have at least ${PASSWORD_MIN} characters` };
  }
  if (chars.length > PASSWORD_MAX) {
    return { vi: `Mật khẩu dài tối đa ${PASSWORD_MAX} ký tự`, en: `The password may have at most ${PASSWORD_MAX} characters` };
  }
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    return { vi: 'Mật khẩu không được chứa ký tự điều khiển', en: 'The password must not contain control characters' };
  }
  if (new Set(chars).size < 5) {
    return { vi: 'Mật khẩu quá đơn giản (cần ít nhất 5 ký tự khác nhau)', en: 'The password is too simple (it needs at least 5 different characters)' };
  }
  if (username && password.toLowerCase() === username.toLowerCase()) {
    return { vi: 'Mật khẩu không được trùng tên đăng nhập', en: 'The password must not be the username' };
  }
  if (COMMON.has(password.toLowerCase())) {
    return { vi: 'Mật khẩu này quá phổ biến, hãy chọn mật khẩu khác', en: 'This password is too common, choose another one' };
  }
  return null;
}

const COMMON = new Set([
  '1234567890', '12345678910', 'qwertyuiop', 'password123', 'password1234', 'matkhau123', 'matkhau1234',
  'abc1234567', 'admin12345', 'admin@1234', 'admin@123456', 'iloveyou123', '0123456789', 'abcd123456',
]);
