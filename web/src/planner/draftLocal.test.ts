import { describe, expect, it } from 'vitest';
import { addSite, emptyDraft, isDirty, keepLocalDraft, readLocalDraft, removeSiteKeeping, restoreSite } from './draft.ts';
import type { SiteRow } from '../../../server/domain/planner.ts';

const row = (plotId: number) => ({ plotId, label: `L ${plotId}`, communeCode: '23', communeName: 'X', areaHa: 2, geometry: null }) as unknown as SiteRow;

class MemoryStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

describe('the plan draft is not lost', () => {
  it('undoes the last removals, in order, each lô back in its place', () => {
    let d = [1, 2, 3].reduce((x, id) => addSite(x, row(id)), emptyDraft(2023));
    const a = removeSiteKeeping(d, 2);
    const b = removeSiteKeeping(a.draft, 1);
    expect(b.draft.sites.map((s) => s.plotId)).toEqual([3]);
    d = restoreSite(b.draft, b.removed!);
    expect(d.sites.map((s) => s.plotId)).toEqual([1, 3]);
    d = restoreSite(d, a.removed!);
    expect(d.sites.map((s) => s.plotId)).toEqual([1, 2, 3]);
  });

  it('knows unsaved changes and keeps them in local storage until saved', () => {
    const store = new MemoryStorage();
    const fresh = emptyDraft(2023);
    expect(isDirty(fresh, null)).toBe(false);
    const d = addSite(fresh, row(7));
    expect(isDirty(d, null)).toBe(true);
    keepLocalDraft(store, d, null);
    expect(readLocalDraft(store)?.draft.sites.map((s) => s.plotId)).toEqual([7]);
    // saved: the copy goes
    const saved = { ...d, id: 4, version: 1 };
    expect(isDirty(saved, saved)).toBe(false);
    keepLocalDraft(store, saved, saved);
    expect(readLocalDraft(store)).toBeNull();
    // an area changed after saving is a change
    const edited = { ...saved, sites: saved.sites.map((s) => ({ ...s, areaHa: 1 })) };
    expect(isDirty(edited, saved)).toBe(true);
  });
});
