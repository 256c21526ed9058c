/**
 * Helpers for the dashboard's browser test (tests/dashboard_browser.spec.ts): `lm dashboard` as a child process,
 * Debian's Chromium driven by playwright-core, and reading `data-testid` values off the page.
 */
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BrowserContext, chromium, Page } from "playwright-core";

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
