/**
 * A small HTTP client for tests against a running server (not in-process): keeps the session
 * cookie and CSRF token, and finds a writable key space (commune criterion status of a year the
 * demo data have no assessment for: every write creates a new row, so acknowledged writes are easy to count).
 */
import type { Sql } from 'postgres';

export class HttpClient {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const line of res.headers.getSetCookie()) {
      const m = /^atlas_session=([^;]*)/.exec(line);
      if (m) this.cookie = m[1] ? `atlas_session=${m[1]}` : null;
    }
    return res;
  }

  get = (path: string, timeoutMs?: number) => this.request('GET', path, undefined, timeoutMs);

  async login(username: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/auth/login', { username, password });
    if (!res.ok) throw new Error(`sign-in of ${username} → ${res.status}: ${await res.text()}`);
    this.csrf = ((await res.json()) as { csrf: string }).csrf;
  }
}

export interface WriteKey {
  commune: string;
  no: number;
}

/** The year to write criterion statuses for and every (commune, criterion) key available. */
export async function writableKeys(sql: Sql): Promise<{ year: number; keys: WriteKey[] }> {
  const [y] = await sql<{ year: number; set_id: string }[]>`
    SELECT cs.year_to AS year, cs.id AS set_id FROM criteria_set cs
    WHERE cs.scope = 'commune' AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = cs.year_to)
    ORDER BY cs.year_to DESC LIMIT 1`;
  const communes = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'commune' AND in_ntm_programme ORDER BY code`;
  const nos = await sql<{ no: number }[]>`SELECT no FROM criterion WHERE set_id = ${y!.set_id} ORDER BY no`;
  const keys: WriteKey[] = [];
  for (const n of nos) for (const c of communes) keys.push({ commune: c.code, no: n.no });
  return { year: y!.year, keys };
}

export const writePath = (year: number, k: WriteKey) => `/api/communes/${k.commune}/criteria/${year}/${k.no}`;

/** The keys (of those given) whose status row exists. */
export async function storedKeys(sql: Sql, year: number, keys: WriteKey[]): Promise<Set<string>> {
  const rows = await sql<{ commune_code: string; criterion_no: number }[]>`
    SELECT commune_code, criterion_no FROM commune_criterion_status WHERE year = ${year}`;
  const all = new Set(rows.map((r) => `${r.commune_code}/${r.criterion_no}`));
  return new Set(keys.map((k) => `${k.commune}/${k.no}`).filter((k) => all.has(k)));
}
