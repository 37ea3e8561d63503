// Checks of the AEGIS dashboard in a real browser: Debian's Chromium driven by playwright-core (which downloads
// no browser of its own), against a node that is already running.
//
//   node dashboard.mjs <check> --url https://127.0.0.1:8443/ --out <folder for screenshots> [--token <operator token>]
//                     [--spki <base64 SHA-256 of the node certificate's public key>]
//
// With --spki, Chromium accepts the node's own certificate by that key alone (its CA is not in the system's store):
// a certificate with any other key is still refused.
//
// One JSON object per line on stdout: {"step": …} as it goes, {"await": name} when the driver must act (it answers
// with one line on stdin once done), and last {"result": "pass"} or {"result": "fail", "message": …}; the exit
// code is 0 only on a pass. Checks: load, live, recover, propose, federated.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.AEGIS_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const [check, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const out = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const step = (name, detail) => out(detail === undefined ? { step: name } : { step: name, detail });

class CheckFailed extends Error {}
const fail = (message) => { throw new CheckFailed(message); };

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
/** Tells the driver to act and waits for its answer. */
async function awaitDriver(name) {
  out({ await: name });
  const answer = await stdinLines.next();
  if (answer.done) fail(`the driver closed stdin instead of answering '${name}'`);
  return answer.value;
}

/** Polls fn (run in the test, not the page) until it returns a truthy value; fails with what() after timeoutMs. */
async function until(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail(`${await what()} (waited ${timeoutMs / 1000} s)`);
}

const text = (page, testId) => page.locator(`[data-testid="${testId}"]`).first().textContent();
const attribute = (page, selector, name) => page.locator(selector).first().getAttribute(name);
const connection = (page) => attribute(page, '[data-testid="connection"]', 'data-state');

/**
 * What went wrong in the page. Chromium logs every fetch answered with an error status as a console error
 * ("Failed to load resource"); a 404 or 503 from /api or /v1 is how the node says a subsystem is not installed (or
 * not ready), which the panels show as such, so those lines are listed apart. Anything else is a problem: a
 * console.error of the page, an uncaught exception, another failed resource.
 */
class Problems {
  constructor() {
    this.consoleErrors = [];
    this.uncaught = [];
    this.notInstalled = new Set();
    this.answeredAbsent = new Set();
  }

  watch(page) {
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if ((response.status() === 404 || response.status() === 503) && /^\/(api|v1)\//.test(path)) {
        this.answeredAbsent.add(response.url());
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push({ text: message.text(), url: message.location()?.url });
    });
    page.on('pageerror', (error) => this.uncaught.push(error.message));
  }

  /** Everything but the network log of "not installed" answers. */
  list() {
    const problems = this.uncaught.map((message) => `uncaught: ${message}`);
    for (const { text, url } of this.consoleErrors) {
      if (/^Failed to load resource: the server responded with a status of (404|503)\b/.test(text) && this.answeredAbsent.has(url)) {
        this.notInstalled.add(new URL(url).pathname);
      } else {
        problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
      }
    }
    return problems;
  }
}

async function openDashboard(context, problems) {
  const page = await context.newPage();
  problems.watch(page);
  const response = await page.goto(options.url, { waitUntil: 'load' });
  if (!response || response.status() !== 200) fail(`GET ${options.url} answered ${response?.status()}`);
  await until(async () => (await connection(page)) === 'live', 30_000,
    () => 'the page did not connect to /ws');
  await until(async () => (await attribute(page, '[data-metric="consciousness_level"]', 'data-timestamp')) !== null, 30_000,
    () => 'no metrics reached the charts');
  return page;
}

async function latestTimestamp(page) {
  return Number(await attribute(page, '[data-metric="consciousness_level"]', 'data-timestamp'));
}

const checks = {
  /** The page loads with no console error, every panel is drawn, nothing breaks at 375 px. */
  async load(context) {
    const problems = new Problems();
    const page = await openDashboard(context, problems);
    await page.setViewportSize({ width: 1280, height: 1000 });
    const panels = await page.locator('section.panel').evaluateAll((sections) => sections.map((s) => s.dataset.panel));
    step('panels', panels);
    for (const id of ['network', 'metrics', 'node', 'health', 'alerts', 'peers', 'consensus', 'decisions', 'federated', 'models', 'chat']) {
      if (!panels.includes(id)) fail(`panel '${id}' is missing; the page has ${panels.join(', ')}`);
    }
    await until(async () => (await text(page, 'health-status')) === 'healthy', 15_000,
      () => 'the health panel does not say healthy');
    await until(async () => (await text(page, 'network-status')) === 'live', 15_000,
      () => 'the oscillator panel is not live');
    await until(async () => ['quiet', 'resolved', 'warning', 'critical'].includes(await text(page, 'alerts-status')), 15_000,
      async () => `the alerts panel says '${await text(page, 'alerts-status')}'`);
    step('alerts panel', await text(page, 'alerts-status'));
    // Panels whose subsystem is missing say so, in their own words, instead of breaking.
    for (const id of ['consensus', 'models', 'chat']) {
      const status = await text(page, `${id}-status`);
      step(`${id} panel`, status);
    }
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(options.out, 'dashboard.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(500);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    step('narrow screen', widths);
    if (widths.scroll > widths.view) fail(`horizontal scrolling at 375 px: the page is ${widths.scroll} px wide`);
    await page.screenshot({ path: join(options.out, 'dashboard-375.png'), fullPage: true });
    const found = problems.list();
    step('answered 404/503 (panels say not installed or unavailable)', [...problems.notInstalled]);
    if (found.length) fail(`the page reported problems:\n${found.join('\n')}`);
  },

  /** The charts' latest values and the oscillators' phases change while the page is open. */
  async live(context) {
    const problems = new Problems();
    const page = await openDashboard(context, problems);
    const first = await latestTimestamp(page);
    const firstValues = await page.locator('[data-metric]').allTextContents();
    await until(async () => (await latestTimestamp(page)) > first + 1, 10_000,
      () => `the charts' latest timestamp stayed at ${first}`);
    step('metrics advanced', { from: first, to: await latestTimestamp(page), values: firstValues });
    const points = Number(await attribute(page, 'figure[data-chart="phi"]', 'data-points'));
    if (!(points > 1)) fail(`the chart holds ${points} points`);
    const phases = await text(page, 'phase-readout');
    await until(async () => (await text(page, 'phase-readout')) !== phases, 5000, () => 'the phases did not change');
    const canvas = page.locator('[data-testid="oscillators"]');
    const frame = await canvas.screenshot();
    await page.waitForTimeout(120); // between two polls: only the interpolation moves the drawing
    const next = await canvas.screenshot();
    if (frame.equals(next)) fail('the oscillator drawing did not move between two frames');
    step('oscillators moved');
    const found = problems.list();
    if (found.length) fail(`the page reported problems:\n${found.join('\n')}`);
  },

  /** The stream is cut by the driver; the page says so, reconnects by itself and fills the hole from the history. */
  async recover(context) {
    const problems = new Problems();
    const page = await openDashboard(context, problems);
    await page.evaluate(() => {
      const seen = [];
      const element = document.querySelector('[data-testid="connection"]');
      new MutationObserver(() => seen.push(element.dataset.state)).observe(element, { attributes: true, attributeFilter: ['data-state'] });
      window.connectionStates = seen;
    });
    await page.waitForTimeout(2000);
    const before = await latestTimestamp(page);
    const mark = await page.evaluate(() => window.connectionStates.length);
    if (mark > 0) step('the stream was lost before the cut', await page.evaluate(() => window.connectionStates));
    await awaitDriver('cut');
    await until(async () => (await page.evaluate((from) => window.connectionStates.slice(from), mark)).includes('waiting'),
      30_000, () => 'the page never showed the connection as lost');
    const offline = await text(page, 'connection');
    step('lost', offline);
    await page.screenshot({ path: join(options.out, 'dashboard-cut.png') });
    await until(async () => (await connection(page)) === 'live', 60_000, () => 'the page did not reconnect');
    step('states', await page.evaluate(() => window.connectionStates));
    await until(async () => (await latestTimestamp(page)) > before + 3, 30_000,
      () => `no metrics after reconnecting (last ${before})`);
    const gap = await until(async () => {
      const largest = Number(await attribute(page, 'figure[data-chart="phi"]', 'data-largest-gap-seconds'));
      return largest <= 2.5 ? largest : 0;
    }, 20_000, async () => `the chart kept a hole of ${await attribute(page, 'figure[data-chart="phi"]', 'data-largest-gap-seconds')} s`);
    step('largest gap after the outage (s)', gap);
    // Requests cut by the outage are logged by the browser; only the page's own exceptions count here.
    if (problems.uncaught.length) fail(`the page threw:\n${problems.uncaught.join('\n')}`);
  },

  /**
   * The driver starts a federated run with differential privacy while the page is open: the panel follows it from
   * the stream's aegis/federated events to a completed run with an accuracy point per round and the served
   * version's privacy budget.
   */
  async federated(context) {
    const rounds = Number(options.rounds ?? 3);
    const problems = new Problems();
    const page = await openDashboard(context, problems);
    const panel = page.locator('[data-testid="federated"]');
    await until(async () => (await page.locator('[data-testid="federated-task"] option').count()) > 0, 20_000,
      () => 'the federated panel lists no task');
    await awaitDriver('train');
    await until(async () => (await panel.getAttribute('data-last-event'))?.startsWith('aegis/federated/'), 30_000,
      () => 'no aegis/federated event reached the page through /ws');
    const points = await until(async () => {
      const count = Number(await attribute(page, 'figure[data-chart="accuracy"]', 'data-points'));
      return count >= rounds ? count : undefined;
    }, 90_000, async () => `the accuracy curve has ${await attribute(page, 'figure[data-chart="accuracy"]', 'data-points')} of ${rounds} points`);
    await until(async () => (await text(page, 'federated-status')) === 'completed', 30_000,
      async () => `the federated panel says '${await text(page, 'federated-status')}', not completed`);
    const rows = await page.locator('[data-testid="federated-rounds"] tbody tr').count();
    const privacy = await text(page, 'federated-privacy');
    step('federated', { points, rows, privacy, lastEvent: await panel.getAttribute('data-last-event') });
    if (!privacy?.startsWith('ε')) fail(`the served version's privacy reads '${privacy}'`);
    if (rows < rounds) fail(`the rounds table shows ${rows} of ${rounds} rounds`);
    await page.locator('[data-panel="federated"]').screenshot({ path: join(options.out, 'dashboard-federated.png') });
    if (problems.uncaught.length) fail(`the page threw:\n${problems.uncaught.join('\n')}`);
  },

  /** An operator makes a proposal from the page; it is decided and shows in the decisions. */
  async propose(context) {
    if (!options.token) fail('--token <operator token> is required');
    const problems = new Problems();
    const page = await openDashboard(context, problems);
    await page.locator('[data-testid="token-toggle"]').click();
    await page.locator('[data-testid="token-input"]').fill(options.token);
    await page.locator('[data-testid="token-form"] button[type="submit"]').click();
    await until(async () => (await connection(page)) === 'live', 15_000, () => 'no stream with the token');
    const id = `dashboard-it-${Date.now()}`;
    await page.locator('[data-panel="decisions"] summary').click();
    const form = page.locator('[data-testid="propose-form"]');
    await form.locator('input[name="kind"]').fill('note');
    await form.locator('input[name="id"]').fill(id);
    await form.locator('textarea[name="payload"]').fill(JSON.stringify({ text: 'made in the browser test' }));
    await form.locator('button[type="submit"]').click();
    await page.locator('[data-testid="confirm"]').waitFor({ state: 'visible' });
    await page.locator('[data-testid="confirm-ok"]').click();
    const outcome = await until(async () => {
      const value = await attribute(page, '[data-testid="propose-result"]', 'data-outcome');
      return value && value !== 'waiting' && value !== 'pending' ? value : undefined;
    }, 40_000, () => 'the proposal got no answer');
    const said = await text(page, 'propose-result');
    step('proposal', { outcome, said });
    await page.screenshot({ path: join(options.out, 'dashboard-proposal.png'), fullPage: true });
    if (outcome !== 'decided') fail(`the proposal made from the page was not decided: ${said}`);
    await until(async () => (await page.locator('[data-testid="decision-rows"]').textContent())?.includes(id), 15_000,
      () => `decision ${id} is not in the decisions panel`);
    if (problems.uncaught.length) fail(`the page threw:\n${problems.uncaught.join('\n')}`);
  },
};

async function main() {
  if (!checks[check]) fail(`unknown check '${check}'; use one of ${Object.keys(checks).join(', ')}`);
  if (!options.url || !options.out) fail('--url and --out are required');
  mkdirSync(options.out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'aegis-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: options.spki ? [...ARGS, `--ignore-certificate-errors-spki-list=${options.spki}`] : ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  try {
    step('browser', `${context.browser()?.version() ?? 'chromium'} (${CHROMIUM})`);
    await checks[check](context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  out({ result: 'pass' });
  process.exit(0);
}, (error) => {
  out({ result: 'fail', message: error instanceof CheckFailed ? error.message : String(error?.stack ?? error) });
  process.exit(1);
});
