/** `lm` commands of a wallet: collateral, settlement, profit release, insurance stakes. */
import { PublicKey } from "@solana/web3.js";
import { parseAmount, programError } from "@loss-mutualization/sdk";
import { action, amount, BASE_UNITS, context, ensureAta, iso, output, program, progress, resolvedFirst } from "./common";

type AmountOpts = { baseUnits?: boolean };
const TOKENS = "tokens of the collateral, such as 100.5 (with --base-units: base units)";
type Context = Awaited<ReturnType<typeof context>>;

/** A command that moves an amount of the collateral from or to the wallet's token account. */
function amountCommand(name: string, description: string, run: (c: Context, units: bigint, ata: PublicKey) => Promise<void>) {
  program
    .command(name)
    .description(description)
    .argument("<amount>", TOKENS)
    .option(...BASE_UNITS)
    .action(action(async (value: string, opts: AmountOpts) => {
      const c = await context();
      const units = amount(value, c.decimals, opts);
      await run(c, units, await ensureAta(c.client, c.signer.publicKey));
    }));
}

amountCommand("deposit", "deposit collateral (opens the position first if needed)", async ({ client, signer }, units, ata) => {
  if (!(await client.position(signer.publicKey))) progress("opening position");
  const sent = await client.deposit(signer, ata, units);
  const p = await client.position(signer.publicKey);
  output("deposited", { wallet: signer.publicKey, amount: units, principal: p?.principal, ...(await resolvedFirst(client, sent)), signature: sent.signature });
});

amountCommand("withdraw", "withdraw principal (settle first if a clawback or haircut is pending)", async ({ client, signer }, units, ata) => {
  const sent = await client.withdraw(signer, ata, units);
  const tokenBalance = (await client.connection.getTokenAccountBalance(ata)).value.amount;
  output("withdrawn", { wallet: signer.publicKey, amount: units, tokenBalance, ...(await resolvedFirst(client, sent)), signature: sent.signature });
});

program
  .command("settle")
  .description("apply this wallet's share of every clawback and haircut since its last settlement")
  .action(action(async () => {
    const { client, signer } = await context();
    const before = await client.exposure(signer.publicKey);
    // Nothing to charge: the market stays read-only (no queue behind its write lock). A loss
    // assigned in between makes that refused (MarketNotWritable, nothing changed): then again,
    // writable.
    const marketWritable = !before || before.pendingClawback + before.pendingHaircut > 0n;
    const settle = async (writable: boolean) => client.send([await client.settleIx(signer.publicKey, { marketWritable: writable })]);
    const signature = await settle(marketWritable).catch((err) => {
      if (marketWritable || programError(err)?.name !== "MarketNotWritable") throw err;
      return settle(true);
    });
    const settled = (await client.events(signature)).find((e) => /positionSettled/i.test(e.name))?.data;
    output("settled", {
      wallet: signer.publicKey,
      predictedClawback: before?.pendingClawback,
      clawbackCharged: settled?.clawbackCharged?.toString(),
      haircutCharged: settled?.haircutCharged?.toString(),
      signature,
    });
  }));

program
  .command("release-profit")
  .description("move the matured part of the at-risk profit into principal (each gain matures on its own: `lm status` shows what is releasable)")
  .action(action(async () => {
    const { client, signer } = await context();
    const sent = await client.releaseProfit(signer);
    const released = (await client.events(sent.signature)).find((e) => e.name === "profitReleased")?.data;
    const e = await client.exposure(signer.publicKey);
    output("profit released", {
      wallet: signer.publicKey,
      released: released?.amount?.toString(),
      principal: e?.principalAfter,
      stillMaturing: e?.maturingProfit,
      nextMaturityAt: iso(e?.nextMaturityAt ?? 0),
      ...(await resolvedFirst(client, sent)),
      signature: sent.signature,
    });
  }));

amountCommand("fund-insurance", "add tokens to the insurance fund (raises every share's value)", async ({ client, signer }, units, ata) => {
  const sent = await client.fundInsurance(signer, ata, units);
  output("insurance funded", { amount: units, fundBalance: (await client.fund()).balance, ...(await resolvedFirst(client, sent)), signature: sent.signature });
});

amountCommand("stake", "stake tokens into the insurance fund for shares", async ({ client, signer }, units, ata) => {
  const sent = await client.stake(signer, ata, units);
  const stake = await client.stakeAccount(signer.publicKey);
  output("staked", { staker: signer.publicKey, amount: units, shares: stake?.shares.toString(), value: await client.stakeValue(signer.publicKey), ...(await resolvedFirst(client, sent)), signature: sent.signature });
});

program
  .command("unstake")
  .description("request an unstake (--request <shares|all>), cancel it (--cancel), or collect it (from its unlock until its window lapses)")
  .option("--request <shares>", "lock shares for unstaking: a whole number of shares (`lm status` shows them), or 'all'")
  .option("--cancel", "cancel the pending request")
  .action(action(async (opts: { request?: string; cancel?: boolean }) => {
    const { client, signer } = await context();
    if (opts.request) {
      const stake = await client.stakeAccount(signer.publicKey);
      // Shares are a count, not tokens: whole numbers only.
      const shares = opts.request === "all" ? BigInt(stake?.shares.toString() ?? "0") : parseAmount(opts.request, { name: "--request", type: "u128", hint: "shares are a whole number (`lm status` shows them), or all" });
      const signature = await client.send([await client.requestUnstakeIx(signer.publicKey, shares)]);
      const request = (await client.stakeView(signer.publicKey))?.request;
      output("unstake requested", {
        shares,
        valueAtRequest: request?.valueAtRequest,
        unlockAt: iso(request?.unlockAt ?? 0),
        expiresAt: iso(request?.expiresAt ?? 0),
        signature,
      });
    } else if (opts.cancel) {
      const signature = await client.send([await client.cancelUnstakeIx(signer.publicKey)]);
      output("unstake cancelled", { signature });
    } else {
      const ata = await ensureAta(client, signer.publicKey);
      const before = (await client.connection.getTokenAccountBalance(ata)).value.amount;
      const sent = await client.unstake(signer, ata);
      const after = (await client.connection.getTokenAccountBalance(ata)).value.amount;
      output("unstaked", { paid: (BigInt(after) - BigInt(before)).toString(), ...(await resolvedFirst(client, sent)), signature: sent.signature });
    }
  }));

