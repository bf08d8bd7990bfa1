/**
 * The import screen's API module (server/routes/import-jobs.ts and routes/import.ts): URLs and
 * response types. The upload is the one request not made with fetch: XMLHttpRequest reports the
 * bytes sent (fetch cannot), and the browser streams the File from disk, never reading it whole.
 */
import type { Inspection, JobView } from '../../../server/domain/import-jobs.ts';
import type { ImportReport } from '../../../server/import/report.ts';
import { ApiRequestError, getJson, query, send } from '../api/http.ts';
import { sessionStore } from '../auth/session.ts';

export type { Inspection, JobView, ImportReport };

export interface TargetOption {
  id: string;
  label: { vi: string; en: string };
  geometry: 'polygon' | 'point' | 'none';
  modes: ('merge' | 'replace')[];
  fields: { name: string; type: string; required: boolean; aliases: string[] }[];
}

export interface ImportOptions {
  targets: TargetOption[];
  crs: { id: string; label: string }[];
  encodings: { id: string; label: string }[];
  maxUploadBytes: number;
}

export interface BatchRow {
  id: number;
  target: string;
  status: 'staged' | 'committed' | 'rolled_back' | 'discarded';
  fileName: string;
  counts: Partial<ImportReport['counts']>;
  createdAt: string;
}

export interface StageRequest {
  target: string;
  mode: 'merge' | 'replace';
  crs?: string;
  encoding?: string;
  mapping?: Record<string, string>;
}

export const importApi = {
  options: (signal?: AbortSignal) => getJson<ImportOptions>('/api/import-jobs/options', signal),
  job: (id: string, signal?: AbortSignal) => getJson<JobView>(`/api/import-jobs/${id}`, signal, { cache: 'no-store' }),
  inspect: (id: string, encoding: string | null, signal?: AbortSignal) => getJson<Inspection>(`/api/import-jobs/${id}/inspect${query({ encoding })}`, signal),
  stage: (id: string, body: StageRequest) => send<JobView>('POST', `/api/import-jobs/${id}/stage`, body),
  commit: (id: string) => send<JobView>('POST', `/api/import-jobs/${id}/commit`),
  cancel: (id: string) => send<JobView>('POST', `/api/import-jobs/${id}/cancel`),
  report: (batch: number, signal?: AbortSignal) => getJson<ImportReport>(`/api/import/${batch}`, signal),
  batches: (signal?: AbortSignal) => getJson<{ batches: BatchRow[] }>('/api/import', signal, { cache: 'no-store' }),
  rollback: (batch: number) => send<ImportReport>('POST', `/api/import/${batch}/rollback`),
  reportCsvUrl: (batch: number, lang: 'vi' | 'en') => `/api/import/${batch}/report.csv?lang=${lang}`,
  previewTiles: (origin: string, batch: number) => `${origin}/api/import-jobs/preview/${batch}/{z}/{x}/{y}.mvt`,
};

/**
 * Uploads a file as the body of POST /api/import-jobs, reporting the bytes sent. Resolves with
 * the new job; rejects with ApiRequestError (413 too large, …) or an AbortError when `signal` fires.
 */
export function uploadFile(file: File, onProgress: (sent: number, total: number) => void, signal: AbortSignal): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/import-jobs${query({ name: file.name })}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = sessionStore.getSnapshot().me?.csrf;
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        /* not JSON (a proxy's error page) */
      }
      if (xhr.status === 201 && body) return resolve(body as unknown as JobView);
      const e = body?.error as { code?: string; message?: { vi: string; en: string } } | undefined;
      reject(new ApiRequestError(xhr.status, e?.code ?? 'http_error', e?.message ?? { vi: `Lỗi máy chủ (${xhr.status})`, en: `Server error (${xhr.status})` }, body));
    };
    xhr.onerror = () => reject(new ApiRequestError(0, 'network', { vi: 'Mất kết nối khi tải tệp lên', en: 'The connection failed during the upload' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
