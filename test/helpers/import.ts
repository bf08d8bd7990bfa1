/**
 * The import API as the API tests drive it (issue 14): upload a file for staging, commit, roll back,
 * and roll back at the end whatever a test left committed, newest first — so the shared test
 * database ends as it began.
 */
import type { ImportReport } from '../../server/import/report.ts';
import type { AuthTestApp, Client } from './auth.ts';

export class ImportClient {
  /** batches committed and not rolled back, oldest first */
  readonly committed: number[] = [];

  constructor(
    private readonly t: AuthTestApp,
    private readonly who: Client,
  ) {}

  /** POST /api/import with the file's bytes; the raw answer. */
  async upload(bytes: Uint8Array, q: Record<string, string>): Promise<Response> {
    return await this.t.app.request(
      `http://localhost/api/import?${new URLSearchParams(q)}`,
      { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Cookie: this.who.cookie!, 'X-CSRF-Token': this.who.csrf! }, body: bytes as Uint8Array<ArrayBuffer> },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
  }

  /** Stages the file; its report (throws unless the upload was accepted). */
  async report(bytes: Uint8Array, q: Record<string, string>): Promise<ImportReport> {
    const res = await this.upload(bytes, q);
    const text = await res.text();
    if (res.status !== 201) throw new Error(`upload ${q.name} → ${res.status}: ${text}`);
    return JSON.parse(text) as ImportReport;
  }

  async commit(id: number): Promise<Response> {
    const res = await this.who.post(`/api/import/${id}/commit`);
    if (res.status === 200) this.committed.push(id);
    return res;
  }

  async rollback(id: number): Promise<Response> {
    const res = await this.who.post(`/api/import/${id}/rollback`);
    if (res.status === 200 && this.committed.includes(id)) this.committed.splice(this.committed.indexOf(id), 1);
    return res;
  }

  /** Rolls back what is still committed, newest first; throws on a rollback refused. */
  async rollbackAll(): Promise<void> {
    for (const id of [...this.committed].reverse()) {
      const res = await this.rollback(id);
      if (res.status !== 200) throw new Error(`rollback ${id} → ${res.status}: ${await res.text()}`);
    }
  }
}
