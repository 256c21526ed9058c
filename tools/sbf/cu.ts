/**
 * EXPERIMENTAL: compute units of the SBF build (target/deploy/loss_mutualization.so from
 * scripts/build-sbf.sh), measured in LiteSVM 1.5 (agave 4.3's loader and metering, SBPF v3).
 * The instructions are built by the project's SDK; each one is sent in a transaction of its own
 * and checked for success (or, where stated, the expected no-op), and its consumed CU recorded.
 * Writes results/cu.json and results/cu.md.
 *
 * The figures come from an upstream-LLVM build, not Solana's platform-tools: they are estimates
 * of what `anchor build` would give, not the same numbers.
 *
 * Run: scripts/cu.sh (installs litesvm + @solana/kit outside the clone, builds the .so if missing).
 */
import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Connection, Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { LossMutualizationClient, marketKeys, pdas, PROGRAM_ID } from "@loss-mutualization/sdk";
import { applyChangeIx, cancelChangeIx, proposeChangeIx, raiseNoticeIx } from "../../sdk/src/changes";

const ROOT = resolve(__dirname, "../..");
const CACHE = process.env.LM_SBF_CACHE ?? join(process.env.HOME ?? "", ".cache/lm-sbf");
const requireFromCache = createRequire(join(CACHE, "node/"));
const { LiteSVM } = requireFromCache("litesvm");
const kit = requireFromCache("@solana/kit");

const svm = new LiteSVM();
// LM_CU_PROFILE: the `cu-profile` build (scripts/cu-profile.sh): print where each instruction's
// units go between its profile points, and write nothing to results/cu.*.
const PROFILE = Boolean(process.env.LM_CU_PROFILE);
const SO = PROFILE ? "target/deploy/profile/loss_mutualization.so" : "target/deploy/loss_mutualization.so";
svm.addProgramFromFile(kit.address(PROGRAM_ID.toBase58()), join(ROOT, SO));
const profiles = new Map<string, string>();

/** The units spent between the program's profile points (`cu_mark!`), from its own logs: before
 * the first point (Anchor's entry), between points (each less the point's own 100 CU), and after
 * the last (Anchor's exit). */
function profileOf(logs: string[]): number[] {
  const id = PROGRAM_ID.toBase58();
  let depth = 0;
  let budget = 0;
  const remaining: number[] = [];
  let consumed = 0;
  for (const line of logs) {
    const invoke = line.match(/^Program (\S+) invoke \[(\d+)\]$/);
    if (invoke) {
      depth = Number(invoke[2]);
      continue;
    }
    const points = line.match(/^Program consumption: (\d+) units remaining$/);
    if (points && depth === 1) remaining.push(Number(points[1]));
    const done = line.match(/^Program (\S+) consumed (\d+) of (\d+) compute units$/);
    if (done && done[1] === id) {
      consumed = Number(done[2]);
      budget = Number(done[3]);
    }
    if (line.match(/^Program \S+ (success|failed)/)) depth -= 1;
  }
  if (remaining.length === 0) return [];
  const segments = [budget - remaining[0] - 100];
  for (let i = 1; i < remaining.length; i++) segments.push(remaining[i - 1] - remaining[i] - 100);
  segments.push(remaining[remaining.length - 1] - (budget - consumed));
  return segments;
}

const signers = new Map<string, unknown>();
async function signerOf(k: Keypair) {
  const key = k.publicKey.toBase58();
  if (!signers.has(key)) signers.set(key, await kit.createKeyPairSignerFromBytes(k.secretKey));
  return signers.get(key);
}

interface Row {
  instruction: string;
  case: string;
  cu: number;
}
const rows: Row[] = [];

/** Send one instruction (fee payer first signer); record its CU; fail loudly on an error. */
async function send(name: string, label: string, built: TransactionInstruction | Promise<TransactionInstruction>, payer: Keypair, others: Keypair[] = []) {
  const ix = await built;
  const byKey = new Map<string, unknown>();
  for (const k of [payer, ...others]) byKey.set(k.publicKey.toBase58(), await signerOf(k));
  const R = kit.AccountRole;
  const accounts = ix.keys.map((m) => {
    const role = m.isSigner ? (m.isWritable ? R.WRITABLE_SIGNER : R.READONLY_SIGNER) : m.isWritable ? R.WRITABLE : R.READONLY;
    const signer = m.isSigner ? byKey.get(m.pubkey.toBase58()) : undefined;
    if (m.isSigner && !signer) throw new Error(`${name}: no keypair for signer ${m.pubkey.toBase58()}`);
    return signer ? { address: kit.address(m.pubkey.toBase58()), role, signer } : { address: kit.address(m.pubkey.toBase58()), role };
  });
  const instruction = { programAddress: kit.address(ix.programId.toBase58()), accounts, data: new Uint8Array(ix.data) };
  const message = kit.pipe(
    kit.createTransactionMessage({ version: 0 }),
    (m: unknown) => kit.setTransactionMessageFeePayerSigner(byKey.get(payer.publicKey.toBase58()), m),
    (m: unknown) => kit.setTransactionMessageLifetimeUsingBlockhash({ blockhash: svm.latestBlockhash(), lastValidBlockHeight: 1_000_000n }, m),
    (m: unknown) => kit.appendTransactionMessageInstruction(instruction, m),
  );
  const tx = await kit.signTransactionMessageWithSigners(message);
  const result = svm.sendTransaction(tx);
  svm.expireBlockhash();
  const failed = typeof result.err === "function";
  const meta = failed ? result.meta() : result;
  if (failed) throw new Error(`${name} (${label}) failed: ${result.toString()}\n${meta.logs().join("\n")}`);
  if (ix.programId.equals(PROGRAM_ID)) rows.push({ instruction: name, case: label, cu: Number(meta.computeUnitsConsumed()) });
  if (PROFILE && ix.programId.equals(PROGRAM_ID)) {
    const segments = profileOf(meta.logs());
    if (segments.length > 0) profiles.set(`${name} (${label})`, `${Number(meta.computeUnitsConsumed()).toLocaleString("en-US")} = ${segments.join(" | ")}`);
  }
  if (process.env.LM_CU_LOGS && name === process.env.LM_CU_LOGS) console.log(`-- ${name} (${label})\n${meta.logs().join("\n")}`);
  return meta.logs() as string[];
}

function warp(secs: number) {
  const clock = svm.getClock();
  clock.unixTimestamp = clock.unixTimestamp + BigInt(secs);
  svm.setClock(clock);
}

async function main() {
  const fund = (k: Keypair) => svm.airdrop(kit.address(k.publicKey.toBase58()), kit.lamports(100_000_000_000n));
  const [admin, clearing, keeper, staker] = [Keypair.generate(), Keypair.generate(), Keypair.generate(), Keypair.generate()];
  [admin, clearing, keeper, staker].forEach(fund);
  const mint = Keypair.generate();
  const dummy = new Connection("http://127.0.0.1:1");
  const client = new LossMutualizationClient(dummy, admin, marketKeys(mint.publicKey, admin.publicKey, 1));
  const as = (k: Keypair) => new LossMutualizationClient(dummy, k, client.keys);
  const rent = 1_461_600;
  await send("system", "create mint", SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }), admin, [mint]);
  await send("token", "init mint", createInitializeMint2Instruction(mint.publicKey, 6, admin.publicKey, null), admin);
  await send(
    "initialize_market",
    "SPL Token mint, four PDAs created",
    await client.initializeMarketIx(admin.publicKey, 1, admin.publicKey, clearing.publicKey, {
      profitMaturitySecs: 3600,
      maxDrawPerEvent: 1_000_000_000n,
      drawWindowCap: 5_000_000_000n,
      drawWindowSecs: 86_400,
      unstakeDelaySecs: 0,
      unstakeWindowSecs: 2 * 86_400,
      liquidationWindowSecs: 60,
      maxShortfallBps: 1_000_000,
      noticeSecs: 3 * 86_400,
    }),
    admin,
  );
  // The operator's rent reserve for shortfall records (lamports on the market account).
  svm.airdrop(kit.address(client.keys.market.toBase58()), kit.lamports(1_000_000_000n));

  const wallets: Keypair[] = [];
  const ata = (k: Keypair) => getAssociatedTokenAddressSync(mint.publicKey, k.publicKey);
  async function trader(deposit: bigint) {
    const k = Keypair.generate();
    fund(k);
    wallets.push(k);
    await send("ata", "create", createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, ata(k), k.publicKey, mint.publicKey), admin);
    await send("token", "mint", createMintToInstruction(mint.publicKey, ata(k), admin.publicKey, 1_000_000_000_000n), admin);
    await send("open_position", "new position", await as(k).openPositionIx(k.publicKey), k);
    if (deposit > 0n) await send("deposit", "first deposit", as(k).depositIx(k.publicKey, ata(k), deposit), k);
    return k;
  }
  await send("ata", "create", createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, ata(staker), staker.publicKey, mint.publicKey), admin);
  await send("token", "mint", createMintToInstruction(mint.publicKey, ata(staker), admin.publicKey, 1_000_000_000_000n), admin);
  await send("stake", "first stake (stake account created)", await as(staker).stakeIx(staker.publicKey, ata(staker), 1_000_000_000n), staker);
  await send("stake", "second stake", await as(staker).stakeIx(staker.publicKey, ata(staker), 1_000_000n), staker);
  await send("fund_insurance", "donation", as(staker).fundInsuranceIx(staker.publicKey, ata(staker), 1_000n), staker);
  await send("request_unstake", "some shares", as(staker).requestUnstakeIx(staker.publicKey, 1_000_000n), staker);
  await send("cancel_unstake", "", as(staker).cancelUnstakeIx(staker.publicKey), staker);
  await send("request_unstake", "some shares", as(staker).requestUnstakeIx(staker.publicKey, 1_000_000n), staker);
  await send("unstake", "delay 0, paid out", as(staker).unstakeIx(staker.publicKey, ata(staker)), staker);

  const [alice, bob, carol] = [await trader(1_000_000_000n), await trader(2_000_000_000n), await trader(3_000_000_000n)];
  await send("deposit", "second deposit", as(alice).depositIx(alice.publicKey, ata(alice), 5n), alice);
  const dave = await trader(1_000_000_000n);
  await send("set_margin", "lock 1 unit", as(clearing).setMarginIx(clearing.publicKey, alice.publicKey, 1n), clearing);
  const pnl = (w: Keypair, l: Keypair, amount: bigint) => as(clearing).applyPnlIx(clearing.publicKey, w.publicKey, l.publicKey, amount);
  await send("apply_pnl", "solvent loser", pnl(alice, dave, 500_000_000n), clearing);
  await send("apply_pnl", "loser goes bankrupt", pnl(bob, dave, 2_000_000_000n), clearing);
  const davePosition = pdas.position(client.keys.market, dave.publicKey);
  const resolve = (resolver: Keypair, position: PublicKey, seq: bigint) => as(resolver).resolveShortfallIxAt(resolver.publicKey, position, seq);
  warp(60); // the liquidation's window: a keeper (no authority) resolves after it
  await send("resolve_shortfall", "insurance pays all (record created)", await resolve(keeper, davePosition, 0n), keeper);
  await send("resolve_shortfall", "no-op: already resolved", await resolve(keeper, davePosition, 0n), keeper);
  // A loss larger than the per-event cap left: insurance, then clawback over three winners.
  await send("deposit", "second deposit", as(dave).depositIx(dave.publicKey, ata(dave), 100_000_000n), dave);
  await send("apply_pnl", "loser goes bankrupt", pnl(carol, dave, 1_600_000_000n), clearing);
  await send("apply_pnl", "fill of a liquidation in progress", pnl(alice, dave, 1_000n), clearing);
  warp(60);
  await send("resolve_shortfall", "insurance (cap) + clawback", await resolve(keeper, davePosition, 1n), keeper);
  await send("settle", "one event", as(alice).settleIx(alice.publicKey), alice);
  await send("settle", "nothing pending (market read-only)", as(alice).settleIx(alice.publicKey, { marketWritable: false }), alice);
  await send("settle", "nothing pending (market writable)", as(alice).settleIx(alice.publicKey), alice);

  // Many events a wallet never settles, with index rescales: each loss takes nearly the whole
  // at-risk profit (the factor falls below 10^27 and is rescaled).
  const eve = await trader(0n);
  for (let i = 0; i < 12; i++) {
    // Collateral for the shortfall bound (100x), then a loss of about 50x it.
    await send("deposit", "second deposit", as(eve).depositIx(eve.publicKey, ata(eve), 20_000_000n), eve);
    await send("apply_pnl", "loser goes bankrupt", pnl(bob, eve, 1_000_000_000n + BigInt(i)), clearing);
    warp(60);
    await send("resolve_shortfall", i === 0 ? "clawback, index rescaled" : "clawback", await resolve(keeper, pdas.position(client.keys.market, eve.publicKey), BigInt(i)), keeper);
  }
  await send("settle", "after 14 events and rescales (worst case)", as(carol).settleIx(carol.publicKey), carol);
  await send("withdraw", "after settling", as(carol).withdrawIx(carol.publicKey, ata(carol), 1_000n), carol);
  warp(3_600 + 3_600 / 8); // the maturity period plus one grid slot
  await send("release_profit", "matured profit", as(bob).releaseProfitIx(bob.publicKey), bob);

  // Governance: propose (the change account is created), cancel, raise the notice, and apply
  // once the notice has passed (anyone may; the allowance is settled before the new caps).
  const byAdmin = { proposer: admin.publicKey };
  await send("propose_change", "parameters", await proposeChangeIx(client, admin.publicKey, { kind: "params", params: { maxDrawPerEvent: 5n } }, 0n), admin);
  await send("propose_change", "authorities", await proposeChangeIx(client, admin.publicKey, { kind: "authorities", clearingAuthority: keeper.publicKey }, 1n), admin);
  await send("cancel_change", "", await cancelChangeIx(client, admin.publicKey, { seq: 1n, ...byAdmin }), admin);
  await send("raise_notice", "", await raiseNoticeIx(client, admin.publicKey, 4 * 86_400), admin);
  warp(4 * 86_400);
  await send("apply_change", "parameters", await applyChangeIx(client, keeper.publicKey, { seq: 0n, ...byAdmin }), keeper);

  if (PROFILE) {
    console.log(`token program owner: ${svm.getAccount(kit.address(TOKEN_PROGRAM_ID.toBase58()))?.programAddress}`);
    for (const [k, v] of profiles) console.log(`${k}: ${v}`);
    return;
  }
  const table = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.instruction}|${r.case}`;
    const seen = table.get(key);
    if (!seen || r.cu > seen.cu) table.set(key, r);
  }
  const unique = [...table.values()];
  mkdirSync(join(ROOT, "results"), { recursive: true });
  writeFileSync(join(ROOT, "results/cu.json"), JSON.stringify({ source: "experimental upstream-LLVM SBF build in LiteSVM 1.5", rows: unique }, null, 2) + "\n");
  let md = "| instruction | case | CU (max seen) |\n|---|---|---:|\n";
  for (const r of unique) md += `| ${r.instruction} | ${r.case} | ${r.cu.toLocaleString("en-US")} |\n`;
  writeFileSync(join(ROOT, "results/cu.md"), md);
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
