/**
 * Two editors on the same criterion (issue 12, "Editor"): both open it; the first saves; the
 * second, who typed evidence of their own, gets the conflict — their typed evidence is not thrown
 * away but shown beside the one just saved, dates day first, and they choose which to keep.
 * Two browser sessions of the demo editor. Evidence only changes (met stays), so no figure moves.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommuneDetail, SearchResponse } from '../../server/domain/api.ts';
import type { NtmTablesResponse } from '../../server/domain/ntm.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver, openNtmMap } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

describeBrowser('two editors, one criterion', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it("the second editor's typed evidence survives a conflict; they choose theirs or mine", async () => {
    const editor = DEMO_USERS.find((u) => u.username === 'editor')!;
    const t = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023&district=608');
    const commune = t.communes.find((c) => c.criteriaMet >= 10)!;
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(commune.name)}&limit=50`);
    const [lon, lat] = s.hits.find((h) => h.kind === 'commune' && h.id === commune.code)!.center;
    const no = 2;

    // two sessions, each with the criterion's editor open on the same version
    const sessions = [];
    for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844, isMobile: true }]) {
      const p = await openPage(browser, size);
      closeLater(p.close);
      const atlas = new AtlasDriver(p.page, server.url);
      await openNtmMap(atlas, { lon, lat, zoom: 10, year: 2023, style: 'criterion', criterion: no });
      await new ForestDriver(p.page, atlas).signIn(editor.username, editor.password);
      await atlas.clickAt(lon, lat);
      await p.page.locator(`[data-testid="edit-criterion-${no}"]`).click();
      sessions.push({ ...p, dialog: p.page.locator('[data-testid="criterion-editor"]') });
    }
    const [first, second] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];

    await first.dialog.locator('[data-testid="edit-evidence"]').fill('Biên bản số 1 (người thứ nhất)');
    await first.dialog.locator('[data-testid="edit-evidence-date"]').fill('2023-03-01');
    await first.dialog.locator('[data-testid="edit-save"]').click();
    await first.dialog.waitFor({ state: 'detached' });

    const mine = 'Quyết định số 2 (người thứ hai), gõ tay dài dòng';
    await second.dialog.locator('[data-testid="edit-evidence"]').fill(mine);
    await second.dialog.locator('[data-testid="edit-evidence-date"]').fill('2023-04-15');
    await second.dialog.locator('[data-testid="edit-save"]').click();
    const conflict = second.dialog.locator('[data-testid="edit-conflict"]');
    await conflict.waitFor();
    // theirs and mine side by side, dates dd/mm/yyyy; what the second editor typed is still there
    const theirsText = await conflict.locator('[data-testid="edit-conflict-theirs"]').innerText();
    const mineText = await conflict.locator('[data-testid="edit-conflict-mine"]').innerText();
    expect(theirsText).toContain('Biên bản số 1 (người thứ nhất)');
    expect(theirsText).toContain('01/03/2023');
    expect(mineText).toContain(mine);
    expect(mineText).toContain('15/04/2023');
    expect(await second.dialog.locator('[data-testid="edit-evidence"]').inputValue()).toBe(mine);
    await second.page.screenshot({ path: '/tmp/edit-conflict-390.png' });

    // keep mine: written over theirs, against their version
    await conflict.locator('[data-testid="edit-keep-mine"]').click();
    await second.dialog.waitFor({ state: 'detached' });
    const detail = await server.get<CommuneDetail>(`/api/communes/${commune.code}?year=2023`);
    expect(detail.criteria.find((k) => k.no === no)).toMatchObject({ evidence: mine, evidenceDate: '2023-04-15' });

    // and the other way: the first editor, now stale, keeps the saved version — nothing written
    await first.page.locator(`[data-testid="edit-criterion-${no}"]`).click();
    const again = first.page.locator('[data-testid="criterion-editor"]');
    await again.locator('[data-testid="edit-evidence"]').fill('x');
    // the second editor saves meanwhile (the API, as the demo editor in that page)
    await second.page.locator(`[data-testid="edit-criterion-${no}"]`).click();
    const d2 = second.page.locator('[data-testid="criterion-editor"]');
    await d2.locator('[data-testid="edit-evidence"]').fill(`${mine} (sửa lần 2)`);
    await d2.locator('[data-testid="edit-save"]').click();
    await d2.waitFor({ state: 'detached' });
    await again.locator('[data-testid="edit-save"]').click();
    await again.locator('[data-testid="edit-conflict"]').waitFor();
    await first.page.screenshot({ path: '/tmp/edit-conflict-1440.png' });
    await again.locator('[data-testid="edit-keep-theirs"]').click();
    await again.waitFor({ state: 'detached' });
    const after = await server.get<CommuneDetail>(`/api/communes/${commune.code}?year=2023`);
    expect(after.criteria.find((k) => k.no === no)!.evidence).toBe(`${mine} (sửa lần 2)`);
    expect(first.errors.filter((e) => !/409/.test(e))).toEqual([]);
  });
});
