/**
 * Resolving a loss: a wallet with no authority resolves it (once the liquidation's window has
 * ended), the record's address and bump are checked, the rent comes from the market's rent
 * reserve, resolving again changes no account; the SDK resolves a pending loss in front of a
 * bystander's withdrawal, and margin locks what withdraw may take.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { LAYOUT, LossMutualizationClient, PAUSE, pdas, PROGRAM_ID } from "@loss-mutualization/sdk";
import { startHostileRpc } from "./hostile-rpc";
import { funded, localnet, named, SpecMarkets, specMarkets, until } from "./env";

let connection: Connection;

before(async () => {
  ({ connection } = await localnet());
});


/** Lamports, owner and data of each account (null when it does not exist), to compare states. */
async function snapshot(keys: PublicKey[]) {
  const infos = await connection.getMultipleAccountsInfo(keys, "confirmed");
  return infos.map((i) => (i ? { lamports: i.lamports, owner: i.owner.toBase58(), data: i.data.toString("base64") } : null));
}

describe("resolving a loss", () => {
  let admin: Keypair, risk: Keypair, clearing: Keypair, keeper: Keypair;
  let mint: PublicKey;
  let newMarket: SpecMarkets["newMarket"];
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);

  before(async () => {
    ({ admin, risk, clearing, keeper, mint, newMarket } = await specMarkets());
  });


  it("a wallet with no authority resolves a loss; resolving it again changes no account", async () => {
    const { client: m, on, wallets } = await newMarket(2, { winner: 1_000_000n, loser: 500_000n }, { staker: 100_000n });
    const { winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 800_000n);
    const position = pdas.position(m.keys.market, loser.publicKey);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    const k = on(keeper);
    // Built now, sent after the keeper resolved: a transaction someone else beat must still succeed.
    const stale = await on(winner).resolveShortfallIx(winner.publicKey, loser.publicKey);

    // The risk authority keeps an emergency brake only: it may pause resolving, not lift the pause.
    await on(risk).send([await on(risk).setPauseIx(risk.publicKey, PAUSE.resolve)], [risk]);
    await assert.rejects(k.resolveShortfall(keeper, loser.publicKey), named("OperationPaused"));
    await assert.rejects(on(risk).send([await on(risk).setPauseIx(risk.publicKey, 0)], [risk]), named("UnpauseNotAllowed"));
    await m.send([await m.setPauseIx(admin.publicKey, 0)]);

    // A record address other than the position's next one is refused, and so is a bump that
    // gives no address with the position's seeds...
    const [, bump] = pdas.shortfallRecordWithBump(position, 0);
    const wrong = await k.resolveShortfallIxAt(keeper.publicKey, position, 0, { record: pdas.shortfallRecord(position, 1), recordBump: bump });
    await assert.rejects(k.send([wrong]), named("WrongShortfallRecord"));
    const seeds = (b: number) => [Buffer.from("shortfall"), position.toBuffer(), Buffer.alloc(8), Buffer.from([b])];
    const invalid = [...Array(256).keys()].find((b) => {
      try {
        PublicKey.createProgramAddressSync(seeds(b), PROGRAM_ID);
        return false;
      } catch {
        return true;
      }
    })!;
    await assert.rejects(k.send([await k.resolveShortfallIxAt(keeper.publicKey, position, 0, { recordBump: invalid })]), named("InvalidRecordBump"));
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    // ...and the well-formed one, signed by the keeper, succeeds; the record's rent comes from the
    // market's rent reserve, so the keeper pays the fee only.
    const keeperBeforeResolve = await connection.getBalance(keeper.publicKey);
    const reserveBefore = await m.rentReserve();
    const resolved = await k.resolveShortfall(keeper, loser.publicKey);
    assert.equal(resolved.resolved, true);
    const recordRent = BigInt(await connection.getMinimumBalanceForRentExemption(LAYOUT.shortfallRecord.size));
    assert.deepEqual(resolved.recordRent, { fromReserve: recordRent, fromResolver: 0n });
    assert.equal(reserveBefore - (await m.rentReserve()), recordRent);
    assert.equal(keeperBeforeResolve - (await connection.getBalance(keeper.publicKey)), 5_000);
    assert.ok(resolved.record?.equals(pdas.shortfallRecord(position, 0)));
    assert.deepEqual(resolved.split && [resolved.split.shortfall, resolved.split.insurancePaid, resolved.split.clawback, resolved.split.haircut], [300_000n, 100_000n, 200_000n, 0n]);
    assert.ok((await m.recordAt(resolved.record!))?.resolver.equals(keeper.publicKey));
    assert.equal((await m.market()).pendingShortfall, 0n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, false);

    // Again, by the keeper through the SDK and by the stale instruction: both succeed and change nothing.
    const accounts = [
      m.keys.market,
      position,
      pdas.shortfallRecord(position, 0),
      pdas.shortfallRecord(position, 1),
      m.keys.insuranceFund,
      m.keys.insuranceVault,
      m.keys.collateralVault,
      pdas.position(m.keys.market, winner.publicKey),
    ];
    const before = await snapshot(accounts);
    assert.equal(before[3], null);
    const keeperBefore = await connection.getBalance(keeper.publicKey);
    const again = await k.resolveShortfall(keeper, loser.publicKey);
    assert.equal(again.resolved, false);
    assert.equal(again.record, null);
    assert.deepEqual((await k.events(again.signature)).filter((e) => e.name === "shortfallResolved"), []);
    assert.deepEqual(await snapshot(accounts), before);
    assert.equal(keeperBefore - (await connection.getBalance(keeper.publicKey)), 5_000, "the keeper paid the fee and nothing else");
    await on(winner).send([stale], [winner]);
    assert.deepEqual(await snapshot(accounts), before);
  });

  it("a record a stranger put at a non-canonical bump is still found by the SDK, and is the only record of its loss", async () => {
    const { client: m, on, wallets } = await newMarket(4, { winner: 1n, loser: 100_000n });
    const { winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 150_000n);
    const endsAt = (await m.market()).liquidationEndsAt;
    await until(async () => (await m.chainTime()) >= endsAt, 20_000, "the liquidation window to end");
    // The stranger gives the highest valid bump below the canonical one.
    const position = pdas.position(m.keys.market, loser.publicKey);
    const [canonical, canonicalBump] = pdas.shortfallRecordWithBump(position, 0);
    const seeds = (bump: number) => [Buffer.from("shortfall"), position.toBuffer(), Buffer.alloc(8), Buffer.from([bump])];
    let alt: { record: PublicKey; recordBump: number } | null = null;
    for (let bump = canonicalBump - 1; bump >= 0 && !alt; bump--) {
      try {
        alt = { record: PublicKey.createProgramAddressSync(seeds(bump), PROGRAM_ID), recordBump: bump };
      } catch {
        // on the curve: not a valid address, try the next bump
      }
    }
    assert.ok(alt);
    const stranger = await funded();
    const s = on(stranger);
    await s.send([await s.resolveShortfallIxAt(stranger.publicKey, position, 0, alt)], [stranger]);
    assert.equal(await connection.getAccountInfo(canonical, "confirmed"), null);
    // The SDK finds it by its position and sequence; the keeper's later canonical resolve is a no-op.
    const record = await m.record(loser.publicKey, 0);
    assert.ok(record?.address.equals(alt.record));
    assert.deepEqual([record?.shortfall, record?.positionSeq], [50_000n, 0n]);
    const again = await on(keeper).resolveShortfall(keeper, loser.publicKey);
    assert.equal(again.resolved, false);
    assert.equal((await m.lossEvents()).length, 1);
  });

  it("the SDK resolves a pending loss in front of a bystander's withdrawal; the bare withdrawal is refused", async () => {
    const { client: m, on, wallets } = await newMarket(3, { bystander: 1_000_000n, winner: 1_000_000n, loser: 200_000n }, { staker: 100_000n });
    const { bystander, winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 500_000n);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    const by = on(bystander);
    const account = ata(bystander.publicKey);
    const tokens = async () => BigInt((await connection.getTokenAccountBalance(account)).value.amount);
    const start = await tokens();

    // The bystander holds no at-risk profit and the loss stays within the winner's: no charge.
    const exposure = await by.exposure(bystander.publicKey);
    assert.equal(exposure?.lossPending, true);
    assert.deepEqual(exposure?.afterResolution, { pendingClawback: 0n, pendingHaircut: 0n });
    assert.equal(exposure?.withdrawable, 1_000_000n);

    // The withdraw instruction alone: refused while the loss is pending, and nothing moves.
    await assert.rejects(by.send([await by.withdrawIx(bystander.publicKey, account, 400_000n)]), named("LossResolutionPending"));
    assert.equal(await tokens(), start);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, true);

    // The same withdrawal through the SDK: the resolution goes in front, in the same transaction.
    // It reads the market's one pending position, never scans (through a proxy that records
    // every method): an RPC cannot add positions for the payer to resolve and pay for.
    const proxy = await startHostileRpc(connection.rpcEndpoint, "honest");
    let sent: Awaited<ReturnType<LossMutualizationClient["withdraw"]>>;
    try {
      const { net } = await localnet();
      const viaProxy = new LossMutualizationClient(new Connection(proxy.url, { commitment: "confirmed", wsEndpoint: net.wsUrl }), bystander, m.keys);
      sent = await viaProxy.withdraw(bystander, account, 400_000n);
      assert.equal(proxy.methods.includes("getProgramAccounts"), false, proxy.methods.join(","));
    } finally {
      await proxy.close();
    }
    assert.deepEqual(sent.resolved.map((p) => p.owner.toBase58()), [loser.publicKey.toBase58()]);
    const names = (await by.events(sent.signature)).map((e) => e.name);
    assert.ok(names.indexOf("shortfallResolved") >= 0 && names.indexOf("shortfallResolved") < names.indexOf("withdrawn"), `events: ${names}`);
    assert.equal(await tokens(), start + 400_000n);
    assert.equal((await m.market()).pendingShortfall, 0n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, false);
    const [event] = await m.lossEvents();
    assert.ok(event.resolver.equals(bystander.publicKey));
    assert.deepEqual([event.shortfall, event.insurancePaid, event.clawback, event.haircut], [300_000n, 100_000n, 200_000n, 0n]);
    assert.equal((await m.position(bystander.publicKey))?.principal, 600_000n);

    // The clearing authority locks 500_000 behind the bystander's open exposure: the SDK's
    // withdrawable says 100_000, a larger withdrawal is refused, that amount goes through.
    await assert.rejects(by.send([await by.setMarginIx(bystander.publicKey, bystander.publicKey, 1n)]), named("NotClearingAuthority"));
    await on(clearing).send([await m.setMarginIx(clearing.publicKey, bystander.publicKey, 500_000n)], [clearing]);
    assert.equal((await by.exposure(bystander.publicKey))?.withdrawable, 100_000n);
    await assert.rejects(by.withdraw(bystander, account, 100_001n), named("MarginLocked"));
    await by.withdraw(bystander, account, 100_000n);
    assert.equal(await tokens(), start + 500_000n);
    assert.equal((await m.position(bystander.publicKey))?.lockedMargin, 500_000n);
  });
});
