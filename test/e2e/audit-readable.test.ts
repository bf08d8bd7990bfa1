/**
 * The change log reads as words (issue 12, "Audit screen"): an editor uploads a criteria file
 * with a long evidence text; the administrator finds the upload and the status change under
 * their own kinds in the filter, each field as "name: before → after", long text wrapped inside
 * its cell, no raw JSON — on a desktop and on a phone.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const demo = (username: string) => DEMO_USERS.find((u) => u.username === username)!;

/** Signs in inside the page (the API's own sign-in) and returns the CSRF token for writes. */
async function apiSignIn(page: Page, username: string, password: string): Promise<string> {
  return page.evaluate(
    async ([u, p]) => {
      const r = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) });
      return ((await r.json()) as { csrf: string }).csrf;
    },
    [username, password] as const,
  );
}

describeBrowser('the change log in words', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it('upload and status rows read field by field; the filter offers every kind; long text wraps', async () => {
    // the editor changes only the evidence of a criterion (no figure changes), with a long text
    const ed = await openPage(browser);
    closeLater(ed.close);
    await ed.page.goto(server.url);
    const editor = demo('editor');
    const csrf = await apiSignIn(ed.page, editor.username, editor.password);
    const [row] = await ed.page.evaluate(async () => {
      const csv = await (await fetch('/api/ntm/criteria.csv?year=2023&units=608&lang=vi')).text();
      return csv.replace(/^\uFEFF/, '').split('\r\n').slice(1, 2);
    });
    const cells = row!.split(';');
    const evidence = `Biên bản kiểm tra số 12/BB-UBND ngày 15/03/2023 của Ủy ban nhân dân xã về việc đánh giá mức độ đạt tiêu chí, kèm theo báo cáo tự đánh giá và ${'các tài liệu chứng minh, '.repeat(8)}kết thúc.`;
    const upload = `mã;năm;tiêu chí;đạt;minh chứng;ngày\r\n${cells[0]};${cells[1]};${cells[2]};${cells[3]};${evidence};15/03/2023\r\n`;
    const status = await ed.page.evaluate(
      async ([body, token]) =>
        (await fetch('/api/ntm/criteria/upload', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify({ csv: body, fileName: 'minh-chung.csv' }) })).status,
      [upload, csrf] as const,
    );
    expect(status).toBe(200);

    for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844, isMobile: true }]) {
      const p = await openPage(browser, size);
      closeLater(p.close);
      await p.page.goto(`${server.url}/#/admin`);
      const admin = demo('admin');
      await apiSignIn(p.page, admin.username, admin.password);
      await p.page.reload();
      await p.page.locator('[data-testid="admin-tab-audit"]').click();
      const entities = await p.page.locator('[data-testid="audit-filter-entity"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      expect(entities.sort()).toEqual(['app_setting', 'app_user', 'commune_criterion_status', 'criteria_upload', 'inspection', 'planting_plan', 'village_criterion_status']);

      for (const [entity, expected] of [
        ['criteria_upload', ['Số dòng', 'Dòng thay đổi: ', 'Tệp', 'minh-chung.csv']],
        ['commune_criterion_status', ['Minh chứng: ', '→', 'Ngày minh chứng', '15/03/2023', 'Phiên bản']],
      ] as const) {
        await p.page.locator('[data-testid="audit-filter-entity"]').selectOption(entity);
        await p.page.locator('[data-testid="audit-apply"]').click();
        await p.page.waitForFunction(
          (e) => {
            const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
            return rows.length > 0 && rows.every((r) => r.getAttribute('data-entity') === e);
          },
          entity,
        );
        const first = p.page.locator('[data-testid="audit-row"]').first();
        const text = await first.innerText();
        for (const x of expected) expect(text, `${entity} @${size.width}`).toContain(x);
        expect(text).not.toMatch(/[{[]"/); // no raw JSON
        // every change line stays inside its cell: nothing runs off the right edge
        const overflow = await first.locator('[data-testid="audit-change"]').evaluateAll((lis) =>
          lis.map((li) => {
            const cell = li.closest('td')!.getBoundingClientRect();
            return li.getBoundingClientRect().right - cell.right;
          }),
        );
        for (const o of overflow) expect(o).toBeLessThanOrEqual(1);
        await p.page.screenshot({ path: `/tmp/audit-${entity}-${size.width}.png`, fullPage: false });
      }
      expect(p.errors).toEqual([]);
    }
  });
});
