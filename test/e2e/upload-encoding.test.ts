/**
 * A criteria file saved by Excel in Windows-1258, uploaded from the tables screen (issue 12,
 * "Text that is silently corrupted"): the browser sends the bytes, the server reads them as
 * Windows-1258 and says so; the evidence is stored as proper Vietnamese. The template link is the
 * current data of the year shown, for the editor's units. Only the evidence changes (met stays).
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommuneDetail } from '../../server/domain/api.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

describeBrowser('criteria upload in a legacy encoding', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it('a Windows-1258 file is read as Windows-1258 and stored as Unicode', async () => {
    const editor = DEMO_USERS.find((u) => u.username === 'editor')!;
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    await p.page.goto(`${server.url}/#/ntm?year=2023`);
    await new ForestDriver(p.page, new AtlasDriver(p.page, server.url)).signIn(editor.username, editor.password);
    const template = p.page.locator('[data-testid="ntm-upload-template"]');
    expect(await template.getAttribute('href')).toBe('/api/ntm/criteria.csv?year=2023&units=608&lang=vi');

    // the first commune row of the template, its met kept, with evidence typed in Windows-1258
    const csv = await (await fetch(`${server.url}/api/ntm/criteria.csv?year=2023&units=608&lang=vi`)).text();
    const [code, year, no, met] = csv.replace(/^\uFEFF/, '').split('\r\n')[1]!.split(';');
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    // "Biên bản nghiệm thu" in Windows-1258: ê 0xEA, combining hook 0xD2, combining dot 0xF2
    const evidence = [...ascii('Bi'), 0xea, ...ascii('n ba'), 0xd2, ...ascii('n nghi'), 0xea, 0xf2, ...ascii('m thu')];
    const bytes = Buffer.from([...ascii(`code;year;criterion;met;evidence\r\n${code};${year};${no};`), ...ascii(met === 'đạt' ? '1' : '0'), ...ascii(';'), ...evidence, 13, 10]);
    await p.page.locator('[data-testid="ntm-upload-file"]').setInputFiles({ name: 'excel-1258.csv', mimeType: 'text/csv', buffer: bytes });
    await p.page.locator('[data-testid="ntm-upload-send"]').click();
    const done = p.page.locator('[data-testid="ntm-upload-done"]');
    await done.waitFor();
    expect(await done.innerText()).toContain('Windows-1258');
    await done.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: '/tmp/upload-1258.png' });
    const detail = await server.get<CommuneDetail>(`/api/communes/${code}?year=2023`);
    expect(detail.criteria.find((k) => k.no === Number(no))!.evidence).toBe('Biên bản nghiệm thu');
    expect(p.errors).toEqual([]);
  });
});
