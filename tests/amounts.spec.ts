/**
 * Amounts (issue "An exchange can integrate it", item 1). One parser (app/src/amount.ts) reads
 * what a person types, in token units with the mint's decimals or in whole base units; the SDK's
 * builders refuse a value their type cannot hold instead of serializing it; every `lm` command
 * that takes an amount refuses a bad one by name before anything is sent, and its well-formed
 * twin goes through with the exact base units.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { AmountError, checkedBn, fundRentReserveIx, parseAmount, U64_MAX } from "@loss-mutualization/sdk";
import { localnet, MarketSetup, SpecMarkets, specMarkets } from "./env";
import { keypairFile, lm } from "./cli";

const TOKENS_HINT = "amounts are token units such as 100.5, or base units with --base-units";
const BASE_HINT = "--base-units takes a whole number such as 100500000";

describe("amounts: the parser", () => {
  const tokens = (text: string, decimals = 6) => parseAmount(text, { name: "amount", decimals });
  const base = (text: string) => parseAmount(text, { name: "amount" });
  const refused = (run: () => unknown, message: string) => assert.throws(run, (err: unknown) => err instanceof AmountError && err.message === message && err.argument === "amount");

  it("converts token units exactly with the mint's decimals", () => {
    assert.equal(tokens("0.000001"), 1n);
    assert.equal(tokens("100.5"), 100_500_000n);
    assert.equal(tokens("1"), 1_000_000n);
    assert.equal(tokens("0"), 0n);
    assert.equal(tokens("007.250000"), 7_250_000n, "leading and trailing zeros change nothing");
    assert.equal(tokens("1.0000000"), 1_000_000n, "a zero beyond the decimals is not finer");
    assert.equal(tokens("18446744073709.551615"), U64_MAX);
    assert.equal(tokens("12", 0), 12n);
    assert.equal(tokens("1.5", 9), 1_500_000_000n);
    refused(() => tokens("1.0000001"), 'amount: "1.0000001" is finer than the mint\'s 6 decimals (its smallest unit is 0.000001)');
    refused(() => tokens("1.5", 0), 'amount: "1.5" is finer than the mint\'s 0 decimals (its smallest unit is 1)');
    refused(() => tokens("18446744073709.551616"), 'amount: "18446744073709.551616" is more than the largest amount, 18446744073709551615 base units (18446744073709.551615 tokens at 6 decimals)');
  });

  it("takes whole base units up to u64::MAX, not one more", () => {
    assert.equal(base("18446744073709551615"), 18_446_744_073_709_551_615n);
    assert.equal(base("100500000"), 100_500_000n);
    refused(() => base("18446744073709551616"), 'amount: "18446744073709551616" is more than the largest amount, 18446744073709551615 base units');
    refused(() => base("1.5"), 'amount: "1.5" is not a whole number');
    assert.equal(base("2.000"), 2n);
  });

  it("refuses negative, non-numeric and empty values by name, with how to write one", () => {
    const hinted = (text: string) => parseAmount(text, { name: "amount", decimals: 6, hint: TOKENS_HINT });
    for (const [text, problem] of [
      ["-5", "is negative"],
      ["-0.5", "is negative"],
      ["abc", "is not a number"],
      ["1e6", "is not a number"],
      ["0x10", "is not a number"],
      ["1,000", "is not a number"],
      [".5", "is not a number"],
      ["", "is empty"],
      ["  ", "is empty"],
    ]) {
      refused(() => hinted(text), `amount: ${JSON.stringify(text)} ${problem}; ${TOKENS_HINT}`);
    }
    assert.equal(hinted(" 0.5 "), 500_000n, "surrounding spaces are not part of the number");
    assert.throws(() => parseAmount("-1", { name: "--max-draw", decimals: 6 }), { name: "AmountError", message: '--max-draw: "-1" is negative' });
  });

  it("checkedBn, the builders' encoding: a negative value and 2^64 are refused, u64::MAX encodes", () => {
    assert.throws(() => checkedBn("amount", -1n), { name: "AmountError", message: "amount: -1 is negative" });
    assert.throws(() => checkedBn("amount", 2n ** 64n), { name: "AmountError", message: "amount: 18446744073709551616 is more than the largest amount, 18446744073709551615 base units" });
    assert.throws(() => checkedBn("amount", 1.5), { message: "amount: 1.5 is not a whole number" });
    assert.throws(() => checkedBn("amount", 2 ** 60), { message: "amount: 1152921504606847000 is beyond a number's exact range; pass a bigint" });
    assert.equal(checkedBn("amount", U64_MAX).toString(), "18446744073709551615");
    assert.equal(checkedBn("shares", 2n ** 128n - 1n, "u128").toString(), String(2n ** 128n - 1n));
    assert.throws(() => checkedBn("shares", 2n ** 128n, "u128"), { message: `shares: ${2n ** 128n} is more than the largest u128, ${2n ** 128n - 1n}` });
    assert.equal(checkedBn("noticeSecs", -5, "i64").toString(), "-5", "an i64 may be negative (the program bounds it)");
    // The rent reserve's plain transfer too.
    assert.throws(() => fundRentReserveIx(PublicKey.default, PublicKey.default, -1n), { name: "AmountError", message: "lamports: -1 is negative" });
    assert.equal(fundRentReserveIx(PublicKey.default, PublicKey.default, 5n).data.readBigUInt64LE(4), 5n);
  });
});

describe("amounts: the SDK and the CLI", () => {
  let connection: Connection;
  let spec: SpecMarkets;
  let setup: MarketSetup;
  let alice: Keypair, bob: Keypair;
  let files: { alice: string; clearing: string; admin: string };
  const market = () => setup.client.keys.market.toBase58();

  before(async () => {
    ({ connection } = await localnet());
    spec = await specMarkets();
    setup = await spec.newMarket(1, { alice: 1_000_000n, bob: 1_000_000n });
    ({ alice, bob } = setup.wallets);
    files = { alice: keypairFile(alice), clearing: keypairFile(spec.clearing), admin: keypairFile(spec.admin) };
  });

  /** What must not move when an amount is refused: the wallet's tokens and position, and nobody's signatures. */
  const state = async (...signers: PublicKey[]) => [
    (await connection.getTokenAccountBalance(setup.ata(alice.publicKey))).value.amount,
    String((await setup.client.position(alice.publicKey))?.principal),
    String((await setup.client.position(alice.publicKey))?.lockedMargin),
    ...(await Promise.all(signers.map(async (s) => (await connection.getSignaturesForAddress(s)).length))),
  ];

  it("the builders refuse a negative bigint and 2^64 with an AmountError; the send paths send nothing; u64::MAX and the twin go through", async () => {
    const me = setup.on(alice);
    const ata = setup.ata(alice.publicKey);
    const builders: [string, (v: bigint) => Promise<unknown>][] = [
      ["amount", (v) => me.depositIx(alice.publicKey, ata, v)],
      ["amount", (v) => me.withdrawIx(alice.publicKey, ata, v)],
      ["amount", (v) => me.applyPnlIx(spec.clearing.publicKey, alice.publicKey, bob.publicKey, v)],
      ["lockedMargin", (v) => me.setMarginIx(spec.clearing.publicKey, alice.publicKey, v)],
      ["amount", (v) => me.fundInsuranceIx(alice.publicKey, ata, v)],
      ["amount", (v) => me.stakeIx(alice.publicKey, ata, v)],
      ["params.maxDrawPerEvent", (v) => me.proposeChangeIx(spec.admin.publicKey, { kind: "params", params: { maxDrawPerEvent: v } }, 0n)],
    ];
    for (const [argument, build] of builders) {
      await assert.rejects(build(-1n), (err: unknown) => err instanceof AmountError && err.argument === argument && err.message === `${argument}: -1 is negative`);
      await assert.rejects(build(2n ** 64n), { name: "AmountError", message: `${argument}: 18446744073709551616 is more than the largest amount, 18446744073709551615 base units` });
      const ix = (await build(U64_MAX)) as { data: Buffer };
      assert.ok(ix.data.includes(Buffer.alloc(8, 0xff)), `${argument}: u64::MAX is encoded`);
    }
    await assert.rejects(me.requestUnstakeIx(alice.publicKey, -1n), { name: "AmountError", message: "shares: -1 is negative" });
    await assert.rejects(me.requestUnstakeIx(alice.publicKey, 2n ** 128n), { name: "AmountError", message: `shares: ${2n ** 128n} is more than the largest u128, ${2n ** 128n - 1n}` });
    assert.ok((await me.requestUnstakeIx(alice.publicKey, 2n ** 128n - 1n)).data.includes(Buffer.alloc(16, 0xff)));

    const before = await state(alice.publicKey);
    await assert.rejects(me.deposit(alice, ata, -5n), { name: "AmountError", message: "amount: -5 is negative" });
    await assert.rejects(me.withdraw(alice, ata, 2n ** 64n), { name: "AmountError" });
    assert.deepEqual(await state(alice.publicKey), before, "nothing sent");
    await me.deposit(alice, ata, 5n);
    assert.deepEqual((await state(alice.publicKey)).slice(0, 2), [String(BigInt(before[0]) - 5n), String(BigInt(before[1]) + 5n)]);
  });

  it("every lm command that takes an amount refuses a bad one by name and sends nothing", async () => {
    const m = market();
    const as = (file: string) => ["--url", connection.rpcEndpoint, "-k", file, "--market", m];
    const cases: [signer: Keypair, args: string[], message: string][] = [
      [alice, [...as(files.alice), "deposit", "-5"], `amount: "-5" is negative; ${TOKENS_HINT}`],
      [alice, [...as(files.alice), "deposit", "abc"], `amount: "abc" is not a number; ${TOKENS_HINT}`],
      [alice, [...as(files.alice), "deposit", ""], `amount: "" is empty; ${TOKENS_HINT}`],
      [alice, [...as(files.alice), "deposit", "1.0000001"], `amount: "1.0000001" is finer than the mint's 6 decimals (its smallest unit is 0.000001)`],
      [alice, [...as(files.alice), "deposit", "18446744073709.551616"], `amount: "18446744073709.551616" is more than the largest amount, 18446744073709551615 base units (18446744073709.551615 tokens at 6 decimals)`],
      [alice, [...as(files.alice), "deposit", "--base-units", "1.5"], `amount: "1.5" is not a whole number; ${BASE_HINT}`],
      [alice, [...as(files.alice), "deposit", "--base-units", "18446744073709551616"], `amount: "18446744073709551616" is more than the largest amount, 18446744073709551615 base units`],
      [alice, [...as(files.alice), "withdraw", "--", "-3"], `amount: "-3" is negative; ${TOKENS_HINT}`],
      [alice, [...as(files.alice), "stake", "1e6"], `amount: "1e6" is not a number; ${TOKENS_HINT}`],
      [alice, [...as(files.alice), "fund-insurance", "0.0000005"], `amount: "0.0000005" is finer than the mint's 6 decimals (its smallest unit is 0.000001)`],
      [alice, [...as(files.alice), "unstake", "--request", "1.5"], '--request: "1.5" is not a whole number; shares are a whole number (`lm status` shows them), or all'],
      [spec.clearing, [...as(files.clearing), "apply-pnl", "--winner", alice.publicKey.toBase58(), "--loser", bob.publicKey.toBase58(), "--", "-1"], `amount: "-1" is negative; ${TOKENS_HINT}`],
      [spec.clearing, [...as(files.clearing), "set-margin", alice.publicKey.toBase58(), "one"], `amount: "one" is not a number; ${TOKENS_HINT}`],
      [spec.admin, [...as(files.admin), "propose-params", "--max-draw=-1"], `--max-draw: "-1" is negative; ${TOKENS_HINT}`],
      [spec.admin, [...as(files.admin), "fund-rent-reserve", "--", "-0.5"], 'sol: "-0.5" is negative; SOL amounts are such as 0.5'],
      [spec.admin, ["--url", connection.rpcEndpoint, "-k", files.admin, "mint-to", "--mint", spec.mint.toBase58(), alice.publicKey.toBase58(), "0.1234567"], `amount: "0.1234567" is finer than the mint's 6 decimals (its smallest unit is 0.000001)`],
    ];
    for (const [signer, args, message] of cases) {
      const before = await state(signer.publicKey);
      const run = lm(args);
      assert.deepEqual(run, { code: 1, stdout: "", stderr: `error: ${message}\n` }, args.slice(4).join(" "));
      assert.deepEqual(await state(signer.publicKey), before, `nothing sent: ${args.slice(4).join(" ")}`);
    }
  });

  it("the well-formed twins go through, in token units or --base-units, with the exact base units", async () => {
    const m = market();
    const as = (file: string) => ["--url", connection.rpcEndpoint, "-k", file, "--market", m, "--json"];
    const balance = async () => BigInt((await connection.getTokenAccountBalance(setup.ata(alice.publicKey))).value.amount);
    const principal = async () => (await setup.client.position(alice.publicKey))!.principal;
    const json = (args: string[]) => {
      const run = lm(args);
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout);
    };

    const [b0, p0] = [await balance(), await principal()];
    assert.equal(json([...as(files.alice), "deposit", "0.000001"]).amount, "1");
    assert.equal(json([...as(files.alice), "deposit", "1.5"]).amount, "1500000");
    assert.equal(json([...as(files.alice), "withdraw", "--base-units", "7"]).amount, "7");
    assert.deepEqual([await balance(), await principal()], [b0 - 1_500_001n + 7n, p0 + 1_500_001n - 7n]);

    const fund = async () => (await setup.client.fund()).balance;
    const f0 = await fund();
    assert.equal(json([...as(files.alice), "stake", "0.25"]).amount, "250000");
    assert.equal(json([...as(files.alice), "fund-insurance", "0.000002"]).amount, "2");
    assert.equal((await fund()) - f0, 250_002n);
    const shares = json([...as(files.alice), "unstake", "--request", "1"]).shares;
    assert.equal(shares, "1");

    const pnl = json([...as(files.clearing), "apply-pnl", "--winner", alice.publicKey.toBase58(), "--loser", bob.publicKey.toBase58(), "0.5"]);
    assert.equal(pnl.amount, "500000");
    assert.equal((await setup.client.position(alice.publicKey))!.realizedPnl, 500_000n);
    assert.equal(json([...as(files.clearing), "set-margin", alice.publicKey.toBase58(), "0.1"]).lockedMargin, "100000");
    assert.equal((await setup.client.position(alice.publicKey))!.lockedMargin, 100_000n);

    const proposed = json([...as(files.admin), "propose-params", "--base-units", "--max-draw", "500", "--window-cap", "600"]);
    assert.deepEqual(proposed.sets, { maxDrawPerEvent: "500", drawWindowCap: "600" }, "--base-units applies to every amount of the command");
    const proposedTokens = json([...as(files.admin), "propose-params", "--max-draw", "500"]);
    assert.deepEqual(proposedTokens.sets, { maxDrawPerEvent: "500000000" });

    const reserve = await setup.client.rentReserve();
    json([...as(files.admin), "fund-rent-reserve", "0.001"]);
    assert.equal((await setup.client.rentReserve()) - reserve, BigInt(LAMPORTS_PER_SOL / 1000));

    const b1 = await balance();
    assert.equal(json(["--url", connection.rpcEndpoint, "-k", files.admin, "--json", "mint-to", "--mint", spec.mint.toBase58(), alice.publicKey.toBase58(), "2.5"]).amount, "2500000");
    assert.equal((await balance()) - b1, 2_500_000n);
  });
});
