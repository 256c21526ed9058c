/**
 * The dashboard against a hostile RPC (issue 21, item 2), in a real Chromium. A link's `?rpc=` /
 * `?ws=` other than the server's is refused with a message on the page and never contacted; the
 * configured ones load and update live; the Content-Security-Policy is on the page and blocks an
 * inline handler, HTML sinks and other connections. An RPC the server was started with that lies
 * (tests/hostile-rpc.ts: signatures, memos and log lines that are HTML, accounts of another owner,
 * an HTML owner, an account of another market, an impostor market at another address) gets its
 * strings shown as text, with no element or script injected, and its accounts refused (the SDK's
 * checks, app/src/verify.ts); the honest twin of each is shown.
 */
import assert from "node:assert/strict";
import { Keypair } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { resolve } from "node:path";
import { Page } from "playwright-core";
import { Localnet } from "../app/src/localnet";
import { contentSecurityPolicy } from "../dashboard/server";
import { launchChromium, openPage, rows, startDashboardCli, text, value, violations, waitForValue } from "./dashboard";
import { localnet, specMarkets, SpecMarkets } from "./env";
import { HostileRpc, payload, PWNED, startHostileRpc } from "./hostile-rpc";

let net: Localnet;

before(async () => {
  ({ net } = await localnet());
});

const pwned = (page: Page) => page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], PWNED);
/** Elements a payload would have made: any <img>, any <script> but the page's own, any on… attribute. */
const injected = (page: Page) =>
  page.evaluate(() => ({
    img: document.querySelectorAll("img").length,
    scripts: [...document.querySelectorAll("script")].map((s) => s.getAttribute("src") ?? s.textContent),
    handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
const clean = { img: 0, scripts: ["dist/main.js"], handlers: 0 };

describe("lm dashboard against a hostile RPC", () => {
  let staker: Keypair;
  let m: Awaited<ReturnType<SpecMarkets["newMarket"]>>["client"];
  let on: Awaited<ReturnType<SpecMarkets["newMarket"]>>["on"];
  let admin: Keypair;
  let hostile: HostileRpc;
  const donate = async (amount: bigint) =>
    await on(staker).fundInsurance(staker, getAssociatedTokenAddressSync(m.keys.mint, staker.publicKey), amount);

  before(async () => {
    const markets = await specMarkets();
    admin = markets.admin;
    const setup = await markets.newMarket(1, { alice: 1_000_000n }, { staker: 1_000_000n });
    ({ client: m, on } = setup);
    staker = setup.wallets.staker;
    hostile = await startHostileRpc(net.url, "inject");
  });
  after(async () => await hostile?.close());

  it("refuses a link's ?rpc= or ?ws= the server was not started with (never contacting it); the configured ones load and update live under a strict CSP", async function () {
    this.timeout(120_000);
    const dashboard = await startDashboardCli(net.url, m.keys.market.toBase58());
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser);

      // ?rpc= of another RPC (the attacker's, which sends CORS headers): refused on the page, never asked anything.
      const link = (param: string, v: string) => {
        const u = new URL(dashboard.url);
        u.searchParams.set(param, v);
        return u.toString();
      };
      hostile.methods.length = 0;
      await page.goto(link("rpc", hostile.url));
      await page.waitForSelector('body[data-refused="endpoint"]', { timeout: 15_000 });
      assert.equal(
        await text(page, "error"),
        `cannot start: refusing the RPC ${JSON.stringify(hostile.url)} in this link (?rpc=): this dashboard's server was started for ${new URL(net.url).toString()} only, ` +
          `and an endpoint from a link could make the page show anything. Remove ?rpc= to use ${new URL(net.url).toString()}, or start lm dashboard with that endpoint.`,
      );
      assert.equal(await text(page, "live-status"), "refused");
      assert.equal(await page.locator('[data-testid="fund-balance"]').count(), 0);
      assert.deepEqual(hostile.methods, []);
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-refused.png") });
      // ?ws= elsewhere: refused the same way.
      await page.goto(link("ws", "ws://127.0.0.1:1"));
      await page.waitForSelector('body[data-refused="endpoint"]', { timeout: 15_000 });
      assert.match(await text(page, "error"), /^cannot start: refusing the PubSub endpoint "ws:\/\/127\.0\.0\.1:1" in this link \(\?ws=\): this dashboard's server was started for ws:\/\/127\.0\.0\.1:\d+\/ only/);
      assert.deepEqual(hostile.methods, []);

      // HTML in the address's other parameters: shown as text, refused as a key.
      await page.goto(link("market", payload("market")));
      await page.waitForFunction(() => document.querySelector('[data-testid="error"]')!.textContent !== "", undefined, { timeout: 15_000 });
      assert.equal(await text(page, "market-address"), payload("market"));
      assert.match(await text(page, "error"), /^cannot start: Non-base58 character$/);
      assert.deepEqual(await injected(page), clean);

      // The twin: the configured endpoints (as printed), with the CSP header on the page.
      const response = (await page.goto(dashboard.url))!;
      assert.equal(response.headers()["content-security-policy"], contentSecurityPolicy([net.wsUrl]));
      assert.match(
        response.headers()["content-security-policy"],
        new RegExp(`^default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127\\.0\\.0\\.1:${new URL(net.wsUrl).port}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'$`),
      );
      await page.waitForSelector('[data-testid="fund-balance"]', { timeout: 30_000 });
      const fund = await m.fund();
      assert.equal(await value(page, "fund-balance"), fund.balance.toString());
      assert.equal(await text(page, "rpc-url"), new URL(net.url).toString());
      // Live: a donation shows by itself.
      await donate(1_000n);
      await waitForValue(page, "fund-balance", (fund.balance + 1_000n).toString());
      assert.match(await text(page, "updated-reason"), /^\(logs of /);
      // The page itself (charts included) needs nothing the policy forbids.
      assert.deepEqual(await violations(page), []);

      // The policy holds even if a bug let a string in: an event-handler attribute, an HTML string
      // and a script's text are refused (Trusted Types, none allowed), and no other host can be reached.
      // (A string script: the test's compiler would wrap named functions in a helper the page lacks.)
      const blocked = await page.evaluate(`(async () => {
        const attempt = (f) => { try { f(); return "done"; } catch (err) { return err.name; } };
        const img = document.createElement("img");
        const handler = attempt(() => img.setAttribute("onerror", "window.${PWNED}='csp'"));
        const html = attempt(() => document.body.insertAdjacentHTML("beforeend", '<img src=x onerror="window.${PWNED}=1">'));
        const script = attempt(() => {
          const s = document.createElement("script");
          s.textContent = "window.${PWNED}='script'";
          document.body.appendChild(s);
        });
        let connect = "reached";
        try { await fetch(${JSON.stringify(hostile.url)}, { method: "POST", body: "{}" }); } catch (err) { connect = err.name; }
        await new Promise((r) => setTimeout(r, 300));
        return { handler, html, script, connect };
      })()`);
      assert.deepEqual(blocked, { handler: "TypeError", html: "TypeError", script: "TypeError", connect: "TypeError" });
      assert.equal(await pwned(page), undefined);
      assert.deepEqual(await injected(page), clean);
      const seen = await violations(page);
      assert.equal(seen.filter((v) => v === "require-trusted-types-for trusted-types-sink").length, 3, seen.join(", "));
      assert.ok(seen.includes(`connect-src ${hostile.url}`), seen.join(", "));
      assert.deepEqual(hostile.methods, []);
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });

  it("a configured RPC that lies: its HTML signatures, memos and log lines show as text (nothing injected); accounts of another owner or market and an impostor market are refused; honest answers are shown", async function () {
    this.timeout(180_000);
    hostile.mode = "inject";
    hostile.market = m.keys.market;
    await donate(500n); // a second fund event (the stake is the first)
    const dashboard = await startDashboardCli(hostile.url, m.keys.market.toBase58(), ["--ws", net.wsUrl]);
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser);
      await page.goto(dashboard.url);
      await page.waitForSelector('[data-testid="fund-history-row"]', { timeout: 30_000, state: "attached" });
      const fund = await m.fund();
      assert.equal(await value(page, "fund-balance"), fund.balance.toString());
      // Every "signature" the RPC gave is HTML: flagged, shown as text.
      const shown = async () => await page.$$eval('[data-testid="fh-signature-invalid"]', (els) => els.map((e) => e.textContent));
      const first = await shown();
      assert.ok(first.length >= 2, `${first.length} history rows`);
      for (const t of first) assert.equal(t, `not a signature: ${JSON.stringify(`${payload("signature").slice(0, 40)}…`)}`);
      assert.equal(await page.locator('[data-testid="fh-signature"]').count(), 0);
      assert.deepEqual(await injected(page), clean);
      assert.equal(await pwned(page), undefined);
      assert.deepEqual(await violations(page), [], "nothing was even attempted");
      await page.click('[data-testid="section-fund"] summary');
      await page.locator('[data-testid="section-fund"]').screenshot({ path: resolve(__dirname, "../results/dashboard-hostile-rpc.png") });

      // It updates live through the lying RPC, and what it appends is text again.
      await donate(2_000n);
      await waitForValue(page, "fund-balance", (fund.balance + 2_000n).toString());
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="fh-signature-invalid"]').length === n, first.length + 1);
      assert.deepEqual(await injected(page), clean);
      assert.equal(await pwned(page), undefined);

      // The market's account said to be another program's (same bytes): refused, the values stay those last verified.
      const refreshed = async (mode: HostileRpc["mode"], amount: bigint) => {
        hostile.mode = mode;
        const before = [Number(await page.evaluate(() => document.body.dataset.refreshes)), await text(page, "error")] as const;
        await donate(amount);
        await page.waitForFunction(
          ([n, error]) => document.querySelector('[data-testid="error"]')!.textContent !== error || Number(document.body.dataset.refreshes) > n,
          before,
          { timeout: 15_000 },
        );
        return await text(page, "error");
      };
      const market = m.keys.market.toBase58();
      const balanceBefore = await value(page, "fund-balance");
      assert.equal(
        await refreshed("foreign-owner", 3_000n),
        `refresh failed: refusing the account at ${market}: it is owned by Stake11111111111111111111111111111111111111, not the loss-mutualization program (a wrong or lying RPC?)`,
      );
      assert.equal(await value(page, "fund-balance"), balanceBefore);
      // An HTML string as its owner: refused (web3.js does not parse it as a key).
      assert.equal(await refreshed("html-owner", 4_000n), `refresh failed: failed to get info about account ${market}: Error: Non-base58 character`);
      assert.deepEqual(await injected(page), clean);
      assert.equal(await pwned(page), undefined);
      // A pending change, and a copy of it said to be at another address with another market: refused.
      await m.proposeChange(admin, { kind: "params", params: { maxDrawPerEvent: 500_000n } });
      const foreign = await refreshed("foreign-record", 5_000n);
      assert.match(foreign, /^refresh failed: refusing the account at SysvarRent111111111111111111111111111111111: /);
      // The honest twin: everything shown again, and verified.
      hostile.mode = "honest";
      await donate(6_000n);
      await waitForValue(page, "fund-balance", (fund.balance + 20_000n).toString());
      await page.waitForSelector('[data-testid="error"]', { state: "hidden" });
      assert.deepEqual((await rows(page, "change-row")).map((r) => r["change-seq"]), ["0"]);

      // An impostor: the market's bytes answered for another address (?market=): refused, as not the
      // market address of its own mint, creator and id; the real address is the twin (loaded above).
      const impostor = Keypair.generate().publicKey;
      hostile.alias(impostor, m.keys.market);
      const link = new URL(dashboard.url);
      link.searchParams.set("market", impostor.toBase58());
      await page.goto(link.toString());
      await page.waitForFunction(() => document.querySelector('[data-testid="error"]')!.textContent !== "", undefined, { timeout: 15_000 });
      assert.match(await text(page, "error"), new RegExp(`^cannot start: .*${impostor.toBase58()}.*(derives another address|is not the market address)`));
      assert.equal(await page.locator('[data-testid="fund-balance"]').count(), 0);
      assert.deepEqual(pageErrors, []);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });
});
