/**
 * Helpers for the dashboard's browser test (tests/dashboard_browser.spec.ts): `lm dashboard` as a child process,
 * Debian's Chromium driven by playwright-core, and reading `data-testid` values off the page.
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BrowserContext, chromium, Page } from "playwright-core";
import { LossEvent, LossIndex, valueOfShares } from "@loss-mutualization/sdk";

export const CHROMIUM = process.env.LM_CHROMIUM ?? "/usr/bin/chromium";

/** `lm --url <rpc> --market <market> dashboard --port 0 …`: resolves with the URL it prints. */
export async function startDashboardCli(rpc: string, market: string, extra: string[] = []): Promise<{ url: string; child: ChildProcess; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", rpc, "--market", market, "dashboard", "--port", "0", ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`lm dashboard printed no URL in 60 s: ${out} ${stderr}`)), 60_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const found = /^dashboard: (http:\/\/\S+)$/m.exec(out);
      if (found) {
        clearTimeout(timer);
        done(found[1]);
      }
    });
    child.once("exit", (code) => fail(new Error(`lm dashboard exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.once("exit", (code) => done(code));
        child.kill("SIGINT");
      }),
  };
}

/** Chromium (Debian's, never a downloaded one), headless, with a fresh profile. */
export async function launchChromium(): Promise<BrowserContext> {
  return await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "lm-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** `data-value` of the first element with this `data-testid` (throws when absent). */
export async function value(page: Page, testid: string): Promise<string> {
  const v = await page.locator(`[data-testid="${testid}"]`).first().getAttribute("data-value", { timeout: 10_000 });
  if (v === null) throw new Error(`${testid} has no data-value`);
  return v;
}

/** Text of the first element with this `data-testid`. */
export async function text(page: Page, testid: string): Promise<string> {
  return ((await page.locator(`[data-testid="${testid}"]`).first().textContent({ timeout: 10_000 })) ?? "").trim();
}

/** Each row matching `rowTestid`, as { testid: data-value } of the elements inside it. */
export async function rows(page: Page, rowTestid: string): Promise<Record<string, string>[]> {
  return await page.$$eval(`[data-testid="${rowTestid}"]`, (trs) =>
    trs.map((tr) => Object.fromEntries([...tr.querySelectorAll<HTMLElement>("[data-value]")].map((el) => [el.dataset.testid!, el.dataset.value!]))),
  );
}

/** Wait until the page holds `expected` in `testid`'s data-value (it refreshes by itself). */
export async function waitForValue(page: Page, testid: string, expected: string, ms = 15_000): Promise<void> {
  await page.waitForFunction(
    ([id, want]) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.dataset.value === want,
    [testid, expected] as const,
    { timeout: ms },
  );
}

/** The page's refresh count (each refresh re-reads the chain). */
export async function refreshes(page: Page): Promise<number> {
  return Number(await page.evaluate(() => document.body.dataset.refreshes ?? "0"));
}

/** Record the page's CSP violations (securitypolicyviolation events) from its start: call before goto. */
/** A new page of `browser` whose uncaught errors are collected (and, with `csp`, its policy violations, see `violations`). */
export async function openPage(browser: BrowserContext, csp = true): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  if (csp) await watchViolations(page);
  return { page, pageErrors };
}

export async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations recorded so far, each as "directive blocked-URI". */
export async function violations(page: Page): Promise<string[]> {
  return await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** The label (`dt`) of the row whose value holds this `data-testid`. */
export async function label(page: Page, testid: string): Promise<string> {
  const dt = page.locator(`xpath=//dd[.//*[@data-testid="${testid}"]]/preceding-sibling::dt[1]`).first();
  return ((await dt.textContent({ timeout: 10_000 })) ?? "").trim();
}

/** Each testid's `read` (value, text or label) on the page equals `want`'s (as a string): one deepEqual, a mismatch names its testid. */
export async function expectOn(page: Page, read: (page: Page, testid: string) => Promise<string>, want: Record<string, string | number | bigint | boolean>): Promise<void> {
  const ids = Object.keys(want);
  const seen = await Promise.all(ids.map((id) => read(page, id)));
  assert.deepEqual(Object.fromEntries(ids.map((id, i) => [id, seen[i]])), Object.fromEntries(ids.map((id) => [id, String(want[id])])));
}

/** No uncaught error, no CSP violation (when watched), no error shown. */
export async function expectClean(page: Page, pageErrors: string[], csp = true): Promise<void> {
  assert.deepEqual(pageErrors, []);
  if (csp) assert.deepEqual(await violations(page), [], "the page needs nothing its policy forbids");
  assert.equal(await page.locator('[data-testid="error"]').isHidden(), true);
}

/** A new page of the dashboard at `url` showing `wallet`, once its wallet view is there. */
export async function walletPage(browser: BrowserContext, url: string, wallet: string, ready: string): Promise<Page> {
  const { page } = await openPage(browser);
  const at = new URL(url);
  at.searchParams.set("wallet", wallet);
  await page.goto(at.toString());
  await page.waitForSelector(`[data-testid="${ready}"]`, { timeout: 30_000 });
  return page;
}

/** The data-values of every element with this `data-testid`, in page order. */
export async function values(page: Page, testid: string): Promise<string[]> {
  return await page.$$eval(`[data-testid="${testid}"]`, (els) => els.map((e) => (e as HTMLElement).dataset.value ?? ""));
}

// --- what the page should show, from the chain's numbers ------------------------------------------

/** `n` base units with `places` decimals, ungrouped (a data-value of tokens). */
export const dec = (n: bigint, places = 6) => `${n < 0n ? "-" : ""}${(n < 0n ? -n : n) / 10n ** BigInt(places)}.${((n < 0n ? -n : n) % 10n ** BigInt(places)).toString().padStart(places, "0")}`;
/** Grouped digits, as the page shows a count or an amount. */
export const grouped = (n: bigint) => n.toLocaleString("en-US");
/** A unix time as the page shows it. */
export const iso = (unix: number) => new Date(unix * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
/** A share price's data-value: what 10^12 shares are worth, 6 decimals. */
export const price = (balance: bigint, shares: bigint) => dec(valueOfShares(10n ** 12n, balance, shares));
const idx = (i: LossIndex) => `${i.factor}:${i.scale}:${i.epoch}`;

/** A loss event's row, as `rows` reads it. */
export const lossRow = (e: LossEvent) => ({
  "le-seq": e.seq.toString(),
  "le-owner": e.owner.toBase58(),
  "le-shortfall": e.shortfall.toString(),
  "le-insurance": e.insurancePaid.toString(),
  "le-clawback": e.clawback.toString(),
  "le-haircut": e.haircut.toString(),
  "le-resolver": e.resolver.toBase58(),
  "le-clawback-before": idx(e.clawbackIndexBefore),
  "le-clawback-after": idx(e.clawbackIndexAfter),
  "le-haircut-before": idx(e.haircutIndexBefore),
  "le-haircut-after": idx(e.haircutIndexAfter),
  "le-resolved-at": String(e.resolvedAt),
});
