import { z } from 'zod';

/**
 * Sign-in and session settings, from the environment (AUTH_*). Kept beside the auth code so the
 * general configuration (server/config.ts) stays short; AppDeps.auth overrides them (tests).
 */
const Schema = z.object({
  /** Secure cookie: 'auto' = when the request came over https (directly or X-Forwarded-Proto). */
  AUTH_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Sign out after this many minutes without a request. */
  AUTH_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  /** Sign out this many hours after sign-in, active or not. */
  AUTH_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  /**
   * "Remember on this device" (an inspector's own phone): such a session lasts this many days,
   * survives a browser or phone restart and days without a request (no signal); 0 turns the option off.
   */
  AUTH_DEVICE_SESSION_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  /** Failed sign-ins for one username from one address before that pair is locked … */
  AUTH_LOCK_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** … for this many minutes (failures count within the same window). */
  AUTH_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Failed sign-ins from one IP address (any usernames) before it is throttled for AUTH_LOCK_MINUTES. */
  AUTH_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Failed sign-ins for one username from all addresses after which every further attempt is slowed … */
  AUTH_USER_BACKOFF_AFTER: z.coerce.number().int().min(1).max(10_000).default(10),
  /** … by a delay doubling per failure up to this many milliseconds (never a lock: nobody can lock a user out). */
  AUTH_USER_BACKOFF_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(8_000),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  AUTH_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  /** Extra origins allowed to send writes (comma-separated), besides the server's own. */
  AUTH_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean)),
});

export interface AuthSettings {
  cookieSecure: 'auto' | 'true' | 'false';
  idleMinutes: number;
  maxHours: number;
  /** days a remembered device's session lasts; 0: the option is off */
  deviceDays: number;
  lockFailures: number;
  lockMinutes: number;
  ipMaxFailures: number;
  userBackoffAfter: number;
  userBackoffMaxMs: number;
  trustProxy: boolean;
  allowedOrigins: string[];
}

export function loadAuthSettings(env: Record<string, string | undefined> = process.env): AuthSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('AUTH_') && v !== undefined && v !== ''));
  const parsed = Schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Cấu hình đăng nhập không hợp lệ / Invalid sign-in configuration:\n${lines}`);
  }
  const e = parsed.data;
  return {
    cookieSecure: e.AUTH_COOKIE_SECURE,
    idleMinutes: e.AUTH_SESSION_IDLE_MINUTES,
    maxHours: e.AUTH_SESSION_MAX_HOURS,
    deviceDays: e.AUTH_DEVICE_SESSION_DAYS,
    lockFailures: e.AUTH_LOCK_FAILURES,
    lockMinutes: e.AUTH_LOCK_MINUTES,
    ipMaxFailures: e.AUTH_IP_MAX_FAILURES,
    userBackoffAfter: e.AUTH_USER_BACKOFF_AFTER,
    userBackoffMaxMs: e.AUTH_USER_BACKOFF_MAX_MS,
    trustProxy: e.AUTH_TRUST_PROXY,
    allowedOrigins: e.AUTH_ALLOWED_ORIGINS,
  };
}
