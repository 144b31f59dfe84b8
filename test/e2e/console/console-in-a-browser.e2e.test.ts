import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, launchChromium } from '../../support/browser';
import { KEYS, useWorld } from '../../support/e2e-world';

/** Monday 2 March 2026 (the world's clock start): complaints are received then. */
const RECEIVED = '2026-03-02T09:00:00.000Z';
/** Friday 6 March, 10:00 Almaty: the 3-day terms ended on 5 March (SPEC R19, R22). */
const REVIEW_DAY = '2026-03-06T05:00:00.000Z';
const SCREENSHOTS = path.resolve(__dirname, '../../../docs/console');

const run = browserAvailable() ? describe : describe.skip;

/** Issue 14: the reviewer's and the auditor's day in the console, in a real Chromium. */
run('the console in a real browser', () => {
  const world = useWorld({ deadlineWatchIntervalMs: 50 });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  let citizen: string;
  let phone: string;

  beforeAll(async () => {
    const w = world();
    citizen = w.citizen();
    phone = w.phone();
    await w.connect({ key: KEYS.mobile, iin: citizen, phone });
    for (const subject of ['No SMS arrived', 'The code was refused', 'Number not shown']) {
      const filed = await w.app.call('POST', '/v1/complaints', {
        key: KEYS.reviewer,
        body: {
          iin: citizen,
          filedWith: 'service_provider',
          registeredAt: RECEIVED,
          subject,
          text: `${subject}.`,
        },
      });
      expect(filed.status).toBe(201);
    }
    w.clock.set(REVIEW_DAY);
    for (let tries = 0; ; tries++) {
      await w.settled();
      const missed = await w.app.call('GET', '/v1/complaints?deadline=missed', { key: KEYS.reviewer });
      if (missed.body.complaints.length >= 3) break;
      if (tries > 200) throw new Error('the missed deadlines were not recorded');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    // CSP violations are reported to the page; Playwright's init script is not itself subject to the CSP.
    await context.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  const url = (route: string) => `${world().app.baseUrl}${route}`;
  const cspViolations = () => page.evaluate<string[]>('window.cspViolations');
  const signIn = async (key: string) => {
    await page.goto(url('/console'));
    await page.getByLabel('Your API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it("runs a reviewer's day: sign in, filter missed deadlines, open one, forward it, decide it", async () => {
    await signIn(KEYS.reviewer);
    await page.waitForURL(/\/console\/complaints$/);
    await page.getByLabel('Deadline').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/deadline=missed/);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    await expect(rows.first().locator('.tag.missed').count()).resolves.toBeGreaterThan(0);
    await expect(rows.first().locator('.tag.soon').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reviewer-missed-deadlines.png'), fullPage: true });

    await rows.first().locator('a').click();
    await page.waitForURL(/\/console\/complaints\/[0-9a-f-]{36}$/);
    const complaintUrl = page.url();
    // The API's validation is shown next to the field: a decision dated in the future.
    await page.getByLabel('Decided by').selectOption('service_provider');
    await page.getByLabel('Decided at').fill('2026-03-09T10:00');
    await page.getByLabel('Reasons').fill('Checked the SMS gateway log.');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await expect(page.locator('#decision-decidedAt-error').textContent()).resolves.toBeTruthy();
    expect(await page.getByLabel('Decided at').getAttribute('aria-invalid')).toBe('true');

    await page.goto(complaintUrl);
    await page.getByLabel('To', { exact: true }).selectOption('quality_authority');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.waitForURL(complaintUrl);
    await expect(page.locator('table').nth(1).textContent()).resolves.toContain('ComplaintForwarded');

    await page.getByLabel('Decided by').selectOption('quality_authority');
    await page.getByLabel('Outcome').selectOption('satisfied');
    await page.getByLabel('Reasons').fill('The number was connected again.');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await page.waitForURL(complaintUrl);
    const timeline = await page.locator('table').nth(1).textContent();
    expect(timeline).toContain('ComplaintDecided');
    expect(timeline).toContain('reviewer (reviewer)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reviewer-complaint.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in$/);
  });

  it("runs an auditor's day: search an IIN, see the account as of an instant, verify the trail", async () => {
    await signIn(KEYS.auditor);
    await page.waitForURL(/\/console\/audit$/);
    await page.getByLabel('IIN').fill(citizen);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/console\/audit\/search$/);
    expect(page.url()).not.toContain(citizen);
    const types = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['OtpIssued', 'NumberConfirmed', 'ComplaintRecorded']));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'auditor-search.png'), fullPage: true });

    await page.getByRole('link', { name: 'Account history' }).click();
    await page.getByLabel('IIN').fill(citizen);
    await page.getByLabel('As of').fill('2026-03-04T12:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/console\/audit\/account$/);
    await expect(page.locator('dl').first().textContent()).resolves.toContain(
      phone.replace(/\D/g, '').slice(-7),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'auditor-account-as-of.png'), fullPage: true });

    await page.getByRole('link', { name: 'Verification' }).click();
    await page.getByRole('button', { name: 'Run the verification' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('The audit trail is intact.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'auditor-verification.png'), fullPage: true });

    await page.getByRole('link', { name: 'Personal data reads' }).click();
    await expect(page.locator('tbody').textContent()).resolves.toContain('GET /v1/audit/events');
  });

  it('switches to Kazakh and Russian, and refuses a channel key at sign-in', async () => {
    await page.getByLabel('Language').selectOption('kk');
    await page.getByRole('button', { name: 'Change' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('kk');
    await expect(page.locator('h1').textContent()).resolves.toBe('Дербес деректерге жүгіну');
    await page.getByLabel('Тіл').selectOption('ru');
    await page.getByRole('button', { name: 'Ауыстыру' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Обращения к персональным данным');
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByLabel('Ваш ключ API').fill(KEYS.portal);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('ключ канала не подходит');
  });

  it('broke no Content-Security-Policy rule and logged no error in the browser', async () => {
    expect(await cspViolations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
