/**
 * Accounts in a real browser: an administrator signs in from the header, creates an account on
 * the admin screen (a permitted change) and finds it in the change log; a criteria editor, who
 * is no administrator, is refused the admin screen; signing out returns to the anonymous state.
 * Uses the demo accounts the embedded demo creates at first start (server/auth/demo-users.ts).
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AuditPage } from '../../server/auth/contract.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const demo = (username: string) => DEMO_USERS.find((u) => u.username === username)!;

/** Domain driver of the account UI: tests speak of signing in, adding users, reading the log. */
class AccountDriver {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async openAdmin(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/admin`);
    await this.page.locator('[data-testid="admin-screen"]').waitFor();
  }

  /** Signs in with the header's button and dialog; waits for the account menu. */
  async signIn(username: string, password: string): Promise<void> {
    await this.page.locator('[data-testid="sign-in"]').click();
    const dialog = this.page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('[data-testid="sign-in-username"]').fill(username);
    await dialog.locator('[data-testid="sign-in-password"]').fill(password);
    await dialog.locator('[data-testid="sign-in-submit"]').click();
    await this.page.locator('[data-testid="account-name"]').waitFor();
  }

  async signOut(): Promise<void> {
    await this.page.locator('[data-testid="account-menu"] summary').click();
    await this.page.locator('[data-testid="sign-out"]').click();
    await this.page.locator('[data-testid="sign-in"]').waitFor();
  }

  /** Adds a user on the Users tab; returns the one-time password shown. */
  async addUser(u: { username: string; displayName: string; role: string; scope: string }): Promise<string> {
    await this.page.locator('[data-testid="admin-tab-users"]').click();
    await this.page.locator('[data-testid="user-add"]').click();
    const form = this.page.locator('[data-testid="user-form"]');
    await form.locator('[data-testid="user-username"]').fill(u.username);
    await form.locator('[data-testid="user-display-name"]').fill(u.displayName);
    await form.locator('[data-testid="role-viewer"]').uncheck();
    await form.locator(`[data-testid="role-${u.role}"]`).check();
    await form.locator('[data-testid="scope-select"]').selectOption(u.scope);
    await form.locator('[data-testid="scope-add"]').click();
    await form.locator('[data-testid="user-save"]').click();
    const password = this.page.locator('[data-testid="one-time-password"]');
    await password.waitFor();
    return (await password.innerText()).trim();
  }

  /** The rows of the change log tab, newest first, filtered by entity. */
  async auditRows(entity: string): Promise<{ entity: string; entityId: string; text: string }[]> {
    await this.page.locator('[data-testid="admin-tab-audit"]').click();
    await this.page.locator('[data-testid="audit-filter-entity"]').selectOption(entity);
    await this.page.locator('[data-testid="audit-apply"]').click();
    const table = this.page.locator('[data-testid="audit-table"]');
    await table.waitFor();
    await this.page.waitForFunction(
      (e) => [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) => r.getAttribute('data-entity') === e),
      entity,
    );
    return table.locator('[data-testid="audit-row"]').evaluateAll((rows) =>
      rows.map((r) => ({ entity: r.getAttribute('data-entity')!, entityId: r.getAttribute('data-entity-id')!, text: (r as HTMLElement).innerText })),
    );
  }
}

describeBrowser('accounts, administration and the change log in Chromium', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it('an administrator signs in, creates an account, and sees the change in the change log', async () => {
    const p = await openPage(browser);
    closeLater(p.close);
    const ui = new AccountDriver(p.page, server.url);
    await ui.openAdmin();
    expect(await p.page.locator('[data-testid="admin-screen"]').innerText()).toContain('Đăng nhập bằng tài khoản quản trị');

    const admin = demo('admin');
    await ui.signIn(admin.username, admin.password);
    expect(await p.page.locator('[data-testid="account-name"]').innerText()).toBe(admin.displayName);
    await p.page.locator('[data-testid="users-table"]').waitFor();

    const password = await ui.addUser({ username: 'e2e.kiemtra', displayName: 'Nguyễn Văn Kiểm Tra', role: 'inspector', scope: '608' });
    expect(password).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const row = p.page.locator('[data-testid="user-row-e2e.kiemtra"]');
    expect(await row.innerText()).toContain('Nguyễn Văn Kiểm Tra');

    const rows = await ui.auditRows('app_user');
    expect(rows[0]!.text).toContain('e2e.kiemtra');
    expect(rows[0]!.text).toContain(admin.username);
    expect(rows[0]!.text).toMatch(/Tạo mới/);
    expect(rows[0]!.text).not.toContain(password);

    // the same row through the API, with the browser's own session
    const page = await p.page.evaluate(async () => (await fetch('/api/admin/audit?entity=app_user&limit=1')).json());
    const api = page as AuditPage;
    expect(api.rows[0]).toMatchObject({ username: admin.username, action: 'create', entity: 'app_user', entityId: rows[0]!.entityId });
    expect(api.rows[0]!.after).toMatchObject({ username: 'e2e.kiemtra', roles: ['inspector'], scopes: ['608'] });

    const csv = await p.page.locator('[data-testid="audit-csv"]').getAttribute('href');
    expect(csv).toBe('/api/admin/audit.csv?entity=app_user');
    expect(p.errors).toEqual([]);
  });

  it('an administrator gives a commune from 1 July 2025 as a scope, chosen from its own group (issue 17)', async () => {
    for (const vp of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 390, height: 844, isMobile: true }]) {
      const p = await openPage(browser, vp);
      closeLater(p.close);
      const ui = new AccountDriver(p.page, server.url);
      await ui.openAdmin();
      const admin = demo('admin');
      await ui.signIn(admin.username, admin.password);
      await p.page.locator('[data-testid="users-table"]').waitFor();
      await p.page.locator('[data-testid="admin-tab-users"]').click();
      await p.page.locator('[data-testid="user-add"]').click();
      const form = p.page.locator('[data-testid="user-form"]');
      const group = form.locator('[data-testid="scope-group-2025"]');
      expect(await group.getAttribute('label')).toBe('Xã, phường từ 1/7/2025');
      expect(await group.locator('option[value="2025:23284"]').innerText()).toBe('Phường Đăk Cấm (từ 1/7/2025)');
      const username = `e2e.xamoi.${vp.name}`;
      await form.locator('[data-testid="user-username"]').fill(username);
      await form.locator('[data-testid="user-display-name"]').fill('Cán bộ phường Đăk Cấm');
      await form.locator('[data-testid="role-viewer"]').uncheck();
      await form.locator('[data-testid="role-editor"]').check();
      await form.locator('[data-testid="scope-select"]').selectOption('2025:23284');
      await form.locator('[data-testid="scope-add"]').click();
      expect(await form.locator('[data-testid="scope-2025:23284"]').innerText()).toContain('Phường Đăk Cấm (từ 1/7/2025)');
      await p.page.screenshot({ path: `test-results/admin-scope-2025-${vp.name}.png`, fullPage: false });
      await form.locator('[data-testid="user-save"]').click();
      await p.page.locator('[data-testid="one-time-password"]').waitFor();
      const user = (await p.page.evaluate(async () => (await fetch('/api/admin/users')).json())) as { username: string; scopes: { code: string }[] }[];
      expect(user.find((u) => u.username === username)?.scopes.map((x) => x.code)).toEqual(['2025:23284']);
      expect(p.errors).toEqual([]);
    }
  }, 120_000);

  it('a criteria editor is refused the admin screen, and signing out returns to the anonymous state', async () => {
    const p = await openPage(browser, { locale: 'en-GB' });
    closeLater(p.close);
    const ui = new AccountDriver(p.page, server.url);
    await ui.openAdmin();
    const editor = demo('editor');
    await ui.signIn(editor.username, editor.password);
    await p.page.locator('[data-testid="admin-refused"]').waitFor();
    expect(await p.page.locator('[data-testid="users-table"]').count()).toBe(0);
    // the API refuses as well, whatever the page shows
    const status = await p.page.evaluate(async () => (await fetch('/api/admin/users')).status);
    expect(status).toBe(403);

    await ui.signOut();
    expect(await p.page.locator('[data-testid="admin-screen"]').innerText()).toContain('Đăng nhập bằng tài khoản quản trị');
    const me = await p.page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({ user: null });
    // the browser logs the refused request (403) as a console error; nothing else went wrong
    expect(p.errors.filter((e) => !/403/.test(e))).toEqual([]);
  });

  it('a wrong password is refused with a message and no session', async () => {
    const p = await openPage(browser);
    closeLater(p.close);
    const ui = new AccountDriver(p.page, server.url);
    await ui.openAdmin();
    await p.page.locator('[data-testid="sign-in"]').click();
    const dialog = p.page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('[data-testid="sign-in-username"]').fill('admin');
    await dialog.locator('[data-testid="sign-in-password"]').fill('not the password');
    await dialog.locator('[data-testid="sign-in-submit"]').click();
    const error = dialog.locator('[data-testid="sign-in-error"]');
    await error.waitFor();
    expect(await error.innerText()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    expect((await p.page.context().cookies()).filter((c) => c.name === 'atlas_session')).toEqual([]);
    // the browser logs the refused request (401) as a console error; nothing else went wrong
    expect(p.errors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});
