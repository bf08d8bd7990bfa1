/**
 * The inspection outbox on the device (IndexedDB through `idb`): every inspection the inspector
 * saves is written here first, with its photos, before anything is sent — so closing the form or
 * the tab, a reload or a phone restart loses nothing. Entries are sent in the order they were
 * saved (sync.ts) and keep their state: waiting, sending, sent, refused (with the server's reason
 * and its current record). docs/outbox.md.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Bilingual } from '../api/http.ts';
import type { InlineInspectionBody, InspectionConflict } from '../../../server/domain/forest.ts';

export type OutboxStatus = 'waiting' | 'sending' | 'sent' | 'refused';

export interface OutboxEntry {
  /** the clientRequestId: the server records it once, whatever the number of sends */
  id: string;
  /** order of saving (ms since epoch, made unique) */
  seq: number;
  createdAt: string;
  plotId: number;
  plotLabel: string;
  body: InlineInspectionBody;
  status: OutboxStatus;
  attempts: number;
  lastTriedAt: string | null;
  /** why the last send did not go through while the entry still waits (no network, signed out) */
  lastProblem: 'network' | 'signin' | 'server' | null;
  sentAt: string | null;
  inspectionId: number | null;
  refusal: { status: number; code: string; message: Bilingual; current: InspectionConflict | null } | null;
  /**
   * The photos' resumable uploads (upload.ts), by their place in body.photos: what the server
   * was last known to hold, so a cut upload goes on from there after a reload. Absent in entries
   * saved before uploads existed (their photos are uploaded the same way when they are sent).
   */
  uploads?: (PhotoUpload | null)[];
  /** the photo being sent (1-based), of how many, and how much of it (0–100) */
  photoProgress?: { no: number; of: number; pct: number } | null;
}

export interface PhotoUpload {
  uploadId: string;
  size: number;
  sha256: string;
  received: number;
  complete: boolean;
}

interface OutboxDb extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { seq: number } };
}

let db: Promise<IDBPDatabase<OutboxDb>> | undefined;
const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('atlas-outbox');
channel?.addEventListener('message', () => listeners.forEach((l) => l()));

function outboxDb(): Promise<IDBPDatabase<OutboxDb>> {
  db ??= openDB<OutboxDb>('atlas-outbox', 1, {
    upgrade(d) {
      d.createObjectStore('entries', { keyPath: 'id' }).createIndex('seq', 'seq');
    },
  });
  return db;
}

/** Tells this page and the app's other tabs that the outbox changed. */
function changed(): void {
  listeners.forEach((l) => l());
  channel?.postMessage('changed');
}

export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let lastSeq = 0;
const nextSeq = () => (lastSeq = Math.max(Date.now(), lastSeq + 1));

/** Saves a new inspection (or the edit of one still waiting or refused) under its request id. */
export async function saveToOutbox(e: { id: string; plotId: number; plotLabel: string; body: InlineInspectionBody }): Promise<OutboxEntry> {
  const d = await outboxDb();
  const old = await d.get('entries', e.id);
  const entry: OutboxEntry = {
    ...e,
    seq: old?.seq ?? nextSeq(),
    createdAt: old?.createdAt ?? new Date().toISOString(),
    status: 'waiting',
    attempts: old?.attempts ?? 0,
    lastTriedAt: old?.lastTriedAt ?? null,
    lastProblem: null,
    sentAt: null,
    inspectionId: null,
    refusal: null,
    // the photos may have changed: uploaded again (the server drops uploads never attached)
    uploads: [],
    photoProgress: null,
  };
  await d.put('entries', entry);
  changed();
  return entry;
}

export async function updateEntry(id: string, patch: Partial<OutboxEntry>): Promise<OutboxEntry | undefined> {
  const d = await outboxDb();
  const tx = d.transaction('entries', 'readwrite');
  const old = await tx.store.get(id);
  if (!old) return undefined;
  const next = { ...old, ...patch };
  await tx.store.put(next);
  await tx.done;
  changed();
  return next;
}

export async function discardEntry(id: string): Promise<void> {
  await (await outboxDb()).delete('entries', id);
  changed();
}

/** Every entry, oldest first. */
export async function listOutbox(): Promise<OutboxEntry[]> {
  return (await outboxDb()).getAllFromIndex('entries', 'seq');
}

export async function getEntry(id: string): Promise<OutboxEntry | undefined> {
  return (await outboxDb()).get('entries', id);
}

/** Sent entries are kept a week, for the inspector's own record of the day, then forgotten. */
export async function forgetOldSent(now = Date.now()): Promise<void> {
  const week = 7 * 24 * 3600_000;
  for (const e of await listOutbox()) if (e.status === 'sent' && e.sentAt && now - Date.parse(e.sentAt) > week) await discardEntry(e.id);
}
