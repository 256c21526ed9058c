/**
 * The IDL (idl/loss_mutualization.json) describes every account the program writes, the loss
 * record included, so any IDL-driven client decodes them: here a plain Anchor `Program` built
 * from the JSON alone, with none of the SDK's code.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AnchorProvider, Idl, Program, Wallet } from "@anchor-lang/core";
import { funded, localnet, specMarkets } from "./env";

const idl = JSON.parse(readFileSync(join(__dirname, "../idl/loss_mutualization.json"), "utf8")) as Idl;

describe("the IDL", () => {
  it("lists every account the program writes, ShortfallRecord included", () => {
    const names = (idl.accounts ?? []).map((a) => a.name).sort();
    assert.deepEqual(names, ["InsuranceFund", "InsuranceStake", "Market", "PendingChange", "ShortfallRecord", "UserPosition"]);
    const record = (idl.types ?? []).find((t) => t.name === "ShortfallRecord");
    assert.ok(record, "ShortfallRecord's layout is among the types");
  });

  it("decodes a loss record with a plain Anchor Program, field for field as the SDK reads it", async () => {
    const { connection } = await localnet();
    const { clearing, newMarket } = await specMarkets();
    const { client: m, on, wallets } = await newMarket(2, { winner: 1_000_000n, loser: 500_000n }, { staker: 100_000n });
    const { winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 800_000n);
    const resolution = await on(clearing).resolveShortfall(clearing, loser.publicKey);
    assert.ok(resolution.record);

    const program = new Program(idl, new AnchorProvider(connection, new Wallet(await funded(1)), { commitment: "confirmed" }));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const decoded: any = await (program.account as any).shortfallRecord.fetch(resolution.record);
    const [event] = (await m.lossEvents()).filter((e) => e.address.equals(resolution.record!));
    assert.equal(decoded.market.toBase58(), m.keys.market.toBase58());
    assert.equal(decoded.owner.toBase58(), loser.publicKey.toBase58());
    assert.equal(decoded.resolver.toBase58(), clearing.publicKey.toBase58());
    // 800,000 lost against 500,000 of principal: 300,000 short, the fund pays its 100,000.
    assert.deepEqual(
      [decoded.shortfall, decoded.insurancePaid, decoded.clawback, decoded.haircut].map((n) => BigInt(n.toString())),
      [300_000n, 100_000n, 200_000n, 0n],
    );
    assert.deepEqual(
      [event.shortfall, event.insurancePaid, event.clawback, event.haircut, event.seq],
      [300_000n, 100_000n, 200_000n, 0n, BigInt(decoded.seq.toString())],
    );
    assert.equal(BigInt(decoded.clawbackIndexAfter.factor.toString()), event.clawbackIndexAfter.factor);
  });
});
