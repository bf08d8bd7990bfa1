/**
 * Sends the outbox: each waiting entry once, oldest first — its photos first, chunk by chunk and
 * resumed from the server's offset after a cut (upload.ts), then the inspection — with its clientRequestId (the server
 * records a request id once and answers a resend with the first result — so a send cut after the
 * server wrote it is never recorded twice). A refusal (409: someone inspected the planting since;
 * 403: outside the inspector's scope now; 404; 422: invalid) is kept on the device with the reason
 * and the server's current record, never dropped. No network, a signed-out session or a server
 * error leaves the entry waiting and stops the round: the next one starts when the network
 * returns, when the app starts, and every half minute while entries wait. docs/outbox.md.
 */
import type { InspectionConflict, InspectionResponse } from '../../../server/domain/forest.ts';
import { ApiRequestError } from '../api/http.ts';
import { refreshSession, sessionStore } from '../auth/session.ts';
import { forestApi } from '../forest/forestApi.ts';
import { bumpLayers, INSPECTION_LAYERS } from '../state/layerRevisions.ts';
import { forgetOldSent, getEntry, listOutbox, updateEntry, type OutboxEntry } from './store.ts';
import { UPLOAD_LOST, uploadPhotos } from './upload.ts';

/** Answers that refuse the entry itself: sending it again unchanged cannot succeed. */
const REFUSALS = new Set([400, 403, 404, 409, 422]);

/**
 * Answers about the session, not the entry: signed out (401), or a write without the session's
 * CSRF token (403 'csrf') — sent before the page knew its session, e.g. a round started by the
 * app's start while /api/auth/me was still on its way. The entry waits for the session.
 */
function isSessionProblem(err: unknown): boolean {
  return err instanceof ApiRequestError && (err.status === 401 || (err.status === 403 && err.code === 'csrf'));
}
const RETRY_MS = 30_000;

let round: Promise<void> | null = null;

/** One round of sending; a call while a round runs joins it. */
export function syncOutbox(): Promise<void> {
  round ??= sendWaiting().finally(() => {
    round = null;
  });
  return round;
}

async function sendWaiting(): Promise<void> {
  let sent = 0;
  // the session first: a write sent before the page knows its CSRF token is refused (403 'csrf')
  if (sessionStore.getSnapshot().status === 'loading') await refreshSession();
  try {
    for (const e of (await listOutbox()).filter((x) => x.status === 'waiting')) {
      const { outcome } = await sendOne(e);
      if (outcome === 'sent') sent++;
      if (outcome === 'stop') break;
    }
  } finally {
    if (sent > 0) bumpLayers(INSPECTION_LAYERS);
  }
}

export type SendOutcome =
  | { outcome: 'sent'; response: InspectionResponse }
  | { outcome: 'refused'; error: ApiRequestError }
  /** not sent, still waiting: the round should wait for the network, a sign-in or the server */
  | { outcome: 'stop'; error: unknown };

/** Sends one entry and records what came of it on the device. */
export async function sendOne(e: OutboxEntry): Promise<SendOutcome> {
  await updateEntry(e.id, { status: 'sending', attempts: e.attempts + 1, lastTriedAt: new Date().toISOString() });
  try {
    let response: InspectionResponse;
    try {
      // photos first, resumably (upload.ts), then the inspection naming them
      response = await forestApi.recordInspection(await uploadPhotos((await getEntry(e.id)) ?? e));
    } catch (err) {
      // the server no longer has an upload (expired while the phone was away): upload the photos again, once
      if (!(err instanceof ApiRequestError && err.status === 422 && UPLOAD_LOST.has(err.code))) throw err;
      const fresh = await updateEntry(e.id, { uploads: [] });
      response = await forestApi.recordInspection(await uploadPhotos(fresh ?? { ...e, uploads: [] }));
    }
    await updateEntry(e.id, { status: 'sent', sentAt: new Date().toISOString(), inspectionId: response.inspection.id, lastProblem: null, refusal: null, photoProgress: null });
    return { outcome: 'sent', response };
  } catch (err) {
    if (isSessionProblem(err)) {
      await updateEntry(e.id, { status: 'waiting', lastProblem: 'signin' });
      void refreshSession();
      return { outcome: 'stop', error: err };
    }
    if (err instanceof ApiRequestError && REFUSALS.has(err.status)) {
      const current = err.status === 409 ? ((err.body?.current ?? null) as InspectionConflict | null) : null;
      await updateEntry(e.id, { status: 'refused', refusal: { status: err.status, code: err.code, message: err.text, current } });
      return { outcome: 'refused', error: err };
    }
    const problem = err instanceof ApiRequestError ? 'server' : 'network';
    await updateEntry(e.id, { status: 'waiting', lastProblem: problem });
    return { outcome: 'stop', error: err };
  }
}

/**
 * A refused entry sent again: after a 409 as a new round over the server's latest inspection (the
 * inspector has seen it), otherwise unchanged (the scope may have been given back).
 */
export async function resendRefused(e: OutboxEntry): Promise<void> {
  const latest = e.refusal?.current?.lastInspectionId;
  const body = e.refusal?.status === 409 ? { ...e.body, lastInspectionId: latest ?? null } : e.body;
  await updateEntry(e.id, { status: 'waiting', body, refusal: null });
  await syncOutbox();
}

let started = false;

/**
 * Starts the outbox for the page: an entry left "sending" by a closed tab waits again (a resend is
 * safe), a round now, on every return of the network, and every half minute while entries wait.
 */
export function startOutbox(): void {
  if (started) return;
  started = true;
  void (async () => {
    for (const e of await listOutbox()) if (e.status === 'sending') await updateEntry(e.id, { status: 'waiting' });
    await forgetOldSent();
    await syncOutbox();
  })();
  window.addEventListener('online', () => void syncOutbox());
  setInterval(() => {
    void listOutbox().then((all) => {
      if (navigator.onLine && all.some((e) => e.status === 'waiting')) void syncOutbox();
    });
  }, RETRY_MS);
}
