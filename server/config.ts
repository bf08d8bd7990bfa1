import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Project root (the folder holding package.json). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** A real PostgreSQL/PostGIS server; unset means the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database keeps its files (gitignored). */
  DATA_DIR: z.string().default(path.join(ROOT, 'data', 'db')),
  /** Pool size for a real server; the embedded database always uses one connection. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(64).default(4),
  /** Reading the map requires sign-in when true (leaders open it in meetings, so off by default). */
  REQUIRE_LOGIN_FOR_READ: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Basemap style URL; empty means the built-in offline background. */
  BASEMAP_STYLE_URL: z.string().default(''),
  /** Request log (one JSON line per request, server/ops/request-log.ts): info = every request, error = 5xx only. Tests default to error. */
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default(process.env.VITEST ? 'error' : 'info'),
  /** A request's headers and body must arrive within this (slow or incomplete requests get 408). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(60_000),
  /** A request's headers must arrive within this. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  /** An idle keep-alive connection is closed after this. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** The largest file the import screen may upload, in MB (streamed to a temporary file; larger gets 413). */
  IMPORT_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(4096).default(1024),
  /**
   * Origins whose pages may read the read-only tiles and TileJSON (CORS), comma-separated
   * (`https://gis.example.vn`), or `*` for any; empty: same origin only.
   */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean))
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o) || /^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(o)), {
      message: 'mỗi nguồn phải có dạng https://tên-miền[:cổng], hoặc * / each origin must be https://host[:port], or *',
    }),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Reads configuration from the environment; a bad value stops start-up with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Cấu hình không hợp lệ / Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
