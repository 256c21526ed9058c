/**
 * Resolving pending losses: `resolveShortfall` (one position's loss, by any wallet) and
 * `sendResolved` (instructions with the pending loss resolved in front), the send paths of
 * `LossMutualizationClient`. Both know the liquidation window (liquidation.ts): before it ends only
 * the clearing authority may resolve, so a resolver that is not the clearing authority waits for
 * the end of the window (at most `client.maxLiquidationWaitSecs`, by default the market's
 * `liquidationWindowSecs`), while the clearing authority, when it signs, resolves at once. A fill
 * of the liquidation itself (`fillOf`) books into it within the window, with nothing in front.
 */
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import type { BankruptPosition, LossMutualizationClient, Resolution, SentWithResolutions } from "./client";
import { fitsOneTransaction } from "./send";
import type { Signer } from "./signers";
import { programError } from "./errors";
import { waitForLiquidationEnd } from "./liquidation";
import { pdas } from "./pda";

const MAX_RESOLVE_RETRIES = 2;
/** A wait for the window happens once; a new liquidation while waiting may need one more. */
const MAX_WINDOW_WAITS = 3;
const big = (n: { toString(): string }) => BigInt(n.toString());

export interface SendResolvedOptions {
  /**
   * The instructions hold a fill (`apply_pnl`) with this position as the loser. While it is the
   * liquidation in progress and its window is open, the fill books into it: nothing is resolved
   * in front.
   */
  fillOf?: PublicKey;
}

/** Wait for the liquidation's window when `resolver` may not resolve it yet (bounded; see the module docs). */
async function waitUntilResolvable(client: LossMutualizationClient, resolver: PublicKey, maxWaitSecs?: number): Promise<void> {
  const market = await client.market();
  const liquidation = market.liquidation;
  if (!liquidation || resolver.equals(market.clearingAuthority)) return;
  const max = maxWaitSecs ?? client.maxLiquidationWaitSecs ?? market.liquidationWindowSecs;
  await waitForLiquidationEnd(liquidation, () => client.chainTime(), max, client.onLiquidationWait);
}

/**
 * Send `ixs` with every pending loss resolved first (see `LossMutualizationClient.sendResolved`).
 * The resolver is the payer, or the clearing authority when it is among the signers and the
 * liquidation's window is still open.
 */
export async function sendResolved(
  client: LossMutualizationClient,
  ixs: TransactionInstruction[],
  signers: Signer[] = [],
  options: SendResolvedOptions = {},
): Promise<SentWithResolutions> {
  const resolved = new Map<string, BankruptPosition>();
  let waits = 0;
  for (let attempt = 0; ; ) {
    const market = await client.market();
    const liquidation = market.liquidation;
    let resolver: Signer = client.payer;
    let pending: BankruptPosition[] = [];
    if (liquidation) {
      const open = (await client.chainTime()) < liquidation.endsAt;
      const clearing = [client.payer, ...signers].find((s) => s.publicKey.equals(market.clearingAuthority));
      if (open && options.fillOf?.equals(liquidation.position)) {
        pending = []; // the fill books into the liquidation
      } else if (open && !clearing) {
        if (++waits > MAX_WINDOW_WAITS) throw new Error("liquidations kept starting while this call waited for one to end");
        await waitUntilResolvable(client, client.payer.publicKey);
        continue;
      } else {
        if (open && clearing) resolver = clearing;
        pending = await client.pendingPositions();
      }
    }
    const resolutions = await Promise.all(pending.map((p) => client.resolveShortfallIxAt(resolver.publicKey, p.address, p.shortfallCount)));
    let inFront = resolutions.length;
    while (inFront > 0 && !fitsOneTransaction(client, [...resolutions.slice(resolutions.length - inFront), ...ixs])) inFront--;
    const ahead = resolutions.slice(0, resolutions.length - inFront);
    while (ahead.length > 0) {
      let n = ahead.length;
      while (n > 1 && !fitsOneTransaction(client, ahead.slice(0, n))) n--;
      await client.send(ahead.splice(0, n), [resolver]);
    }
    for (const p of pending) resolved.set(p.address.toBase58(), p);
    try {
      const signature = await client.send([...resolutions.slice(resolutions.length - inFront), ...ixs], [...signers, resolver]);
      return { signature, resolved: [...resolved.values()] };
    } catch (err) {
      const name = programError(err)?.name;
      const raced = name === "LossResolutionPending" || name === "WrongShortfallRecord" || name === "LiquidationInProgress";
      if (!raced || attempt++ >= MAX_RESOLVE_RETRIES) throw err;
    }
  }
}

/**
 * Resolve a bankrupt position's loss (see `LossMutualizationClient.resolveShortfall`). Before the
 * liquidation's window ends, a resolver other than the clearing authority waits for it, at most
 * `maxWaitSecs` (0: never; `LiquidationInProgressError` instead).
 */
export async function resolveShortfall(
  client: LossMutualizationClient,
  resolver: Signer,
  bankruptOwnerOrPosition: PublicKey,
  options: { maxWaitSecs?: number } = {},
): Promise<Resolution> {
  let position = await client.locatePosition(bankruptOwnerOrPosition);
  if (position.bankrupt) {
    await waitUntilResolvable(client, resolver.publicKey, options.maxWaitSecs);
    position = await client.locatePosition(bankruptOwnerOrPosition);
  }
  const record = pdas.shortfallRecord(position.address, position.shortfallCount);
  const seqBefore = (await client.market()).shortfallSeq;
  const ix = await client.resolveShortfallIxAt(resolver.publicKey, position.address, position.shortfallCount);
  const signature = await client.send([ix], [resolver]);
  const unresolved: Resolution = { signature, resolved: false, record: null, seq: null, resolver: resolver.publicKey, split: null, recordRent: null };
  const event = (await client.events(signature)).find((e) => e.name === "shortfallResolved")?.data;
  if (event) {
    return {
      signature,
      resolved: true,
      record: event.record as PublicKey,
      seq: big(event.seq),
      resolver: resolver.publicKey,
      split: {
        shortfall: big(event.shortfall),
        insurancePaid: big(event.insurancePaid),
        clawback: big(event.clawback),
        haircut: big(event.haircut),
        atRiskProfitBefore: big(event.atRiskProfitBefore),
        principalBefore: big(event.principalBefore),
      },
      recordRent: { fromReserve: big(event.recordRentFromReserve), fromResolver: big(event.recordRentFromResolver) },
    };
  }
  // No event in the logs: the record tells whether this transaction resolved the loss.
  const written = await client.recordAt(record);
  if (!written || !written.resolver.equals(resolver.publicKey) || written.seq < seqBefore) return unresolved;
  const { shortfall, insurancePaid, clawback, haircut, atRiskProfitBefore, principalBefore } = written;
  return {
    ...unresolved,
    resolved: true,
    record,
    seq: written.seq,
    split: { shortfall, insurancePaid, clawback, haircut, atRiskProfitBefore, principalBefore },
    recordRent: written.recordRent,
  };
}
