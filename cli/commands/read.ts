/** `lm` read-side commands: a wallet's exposure, the pending liquidation, the market's risk, loss events. */
import { action, context, iso, output, pk, program, replacer } from "./common";

program
  .command("status")
  .description("a wallet's exposure: pending clawback (exactly what settle will charge), at-risk profit, withdrawable, releasable and maturing profit, its unstake window; while a loss is pending, the charges once it is resolved")
  .argument("[owner]", "wallet (default: the keypair)")
  .action(action(async (owner?: string) => {
    const { client, signer } = await context();
    const wallet = owner ? pk(owner, "owner") : signer.publicKey;
    const [e, stake] = await Promise.all([client.exposure(wallet), client.stakeView(wallet)]);
    if (!e) throw new Error(`no position for ${wallet.toBase58()}`);
    output(`position of ${wallet.toBase58()}`, {
      atRiskProfit: e.atRiskProfit,
      pendingClawback: e.pendingClawback,
      pendingHaircut: e.pendingHaircut,
      principalAfter: e.principalAfter,
      profitAfter: e.profitAfter,
      weightShare: e.weightShare,
      lossPending: e.lossPending,
      ...(e.lossPending
        ? { clawbackAfterResolution: e.afterResolution?.pendingClawback ?? "unknown", haircutAfterResolution: e.afterResolution?.pendingHaircut ?? "unknown" }
        : {}),
      withdrawable: e.withdrawable,
      releasableProfit: e.releasableProfit,
      maturingProfit: e.maturingProfit,
      nextMaturityAt: iso(e.nextMaturityAt),
      allMaturedAt: iso(e.allMaturedAt),
      bankrupt: e.bankrupt,
      shortfallCount: e.shortfallCount,
      lifetimeClawbackPaid: e.lifetimeClawbackPaid,
      lifetimeHaircutPaid: e.lifetimeHaircutPaid,
      ...(stake?.request
        ? {
            unstakeShares: stake.request.shares,
            unstakePayout: stake.request.payout,
            unstakeUnlockAt: iso(stake.request.unlockAt),
            unstakeExpiresAt: iso(stake.request.expiresAt),
            unstakeWindow: stake.request.state,
          }
        : {}),
    });
  }));

program
  .command("pending")
  .description("the liquidation whose loss is not assigned yet: its shortfall, the bound it may reach, and when its window ends (from then on any wallet may `resolve` it; before, only the clearing authority)")
  .action(action(async () => {
    const { client } = await context();
    const [market, now] = await Promise.all([client.market(), client.chainTime()]);
    const positions = market.pendingShortfall > 0n ? await client.bankruptPositions() : [];
    const liquidation = market.liquidation;
    output(`pending losses: ${market.pendingShortfall} base units`, positions.map((p) => ({
      owner: p.owner.toBase58(),
      position: p.address.toBase58(),
      shortfall: p.shortfall,
      positionSeq: p.shortfallCount,
      ...(liquidation?.position.equals(p.address)
        ? {
            collateral: liquidation.collateral,
            shortfallBound: liquidation.bound,
            liquidationEndsAt: iso(liquidation.endsAt),
            secondsLeft: Math.max(liquidation.endsAt - now, 0),
            resolvableBy: now < liquidation.endsAt ? "clearing authority (anyone once the window ends)" : "anyone",
          }
        : {}),
    })));
  }));

program
  .command("risk")
  .description("the market's insurance coverage and loss totals")
  .action(action(async () => {
    const { client } = await context();
    const r = await client.risk();
    output("market risk", r);
  }));

program
  .command("events")
  .description("history of loss events (shortfall records); --follow streams program events")
  .option("--follow", "subscribe and print events as they happen")
  .action(action(async (opts: { follow?: boolean }) => {
    const { client } = await context();
    const records = await client.lossEvents();
    output("loss events", records.map((r) => ({
      seq: r.seq,
      owner: r.owner.toBase58().slice(0, 8),
      positionSeq: r.positionSeq,
      shortfall: r.shortfall,
      insurancePaid: r.insurancePaid,
      clawback: r.clawback,
      haircut: r.haircut,
      resolver: r.resolver.toBase58().slice(0, 8),
      resolvedAt: new Date(r.resolvedAt * 1000).toISOString(),
    })));
    if (opts.follow) {
      for (const e of client.program.idl.events) {
        client.onEvent(e.name, (data, slot) => console.log(JSON.stringify({ event: e.name, slot, data }, replacer)));
      }
      await new Promise(() => {});
    }
  }));

