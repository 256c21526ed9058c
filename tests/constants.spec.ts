/**
 * The SDK reads the program's constants from its IDL (`#[constant]`), not from copies.
 */
import assert from "node:assert/strict";
import { PublicKey } from "@solana/web3.js";
import idlJson from "../idl/loss_mutualization.json";
import { bigintConstant, bytesConstant, idlConstant } from "@loss-mutualization/sdk";
import { INDEX_ONE, INDEX_RESCALE_FACTOR, INDEX_RESCALE_THRESHOLD, INSURANCE_VIRTUAL_SHARES, MATURITY_SLOTS } from "@loss-mutualization/sdk";
import { PAUSE, PAUSE_ALL, PROGRAM_ID, pdas } from "@loss-mutualization/sdk";

describe("program constants through the IDL", () => {
  it("exports every seed, pause bit and precision constant with its evaluated value", () => {
    const names = ((idlJson as { constants?: { name: string }[] }).constants ?? []).map((c) => c.name);
    assert.equal(names.length, 41, names.join(", "));
    assert.deepEqual(
      ["MARKET", "COLLATERAL_VAULT", "INSURANCE_FUND", "INSURANCE_VAULT", "POSITION", "SHORTFALL", "STAKE", "CHANGE"].map((s) => bytesConstant(`${s}_SEED`).toString()),
      ["market", "collateral_vault", "insurance_fund", "insurance_vault", "position", "shortfall", "stake", "change"],
    );
    assert.equal(INDEX_ONE, 10n ** 36n);
    assert.equal(INDEX_RESCALE_THRESHOLD, 10n ** 27n);
    assert.equal(INDEX_RESCALE_FACTOR, 10n ** 9n);
    assert.equal(INSURANCE_VIRTUAL_SHARES, 10n ** 6n);
    assert.equal(bigintConstant("MAX_UNSTAKE_DELAY_SECS"), 90n * 86_400n);
    // Issue 15: the maturity grid, the liquidation window, the unstake window and the shortfall bound.
    assert.equal(MATURITY_SLOTS, 8);
    assert.deepEqual(
      ["MAX_LIQUIDATION_WINDOW_SECS", "MIN_UNSTAKE_WINDOW_SECS", "MAX_UNSTAKE_WINDOW_SECS", "BPS_ONE", "MAX_SHORTFALL_BPS"].map(bigintConstant),
      [3_600n, 86_400n, 30n * 86_400n, 10_000n, 1_000_000n],
    );
    // Issue 20: governance with notice.
    assert.deepEqual(
      ["MIN_NOTICE_SECS", "MAX_NOTICE_SECS", "EXITS_OPEN_BEFORE_CHANGE_SECS", "CHANGE_APPLY_WINDOW_SECS", "EXIT_PAUSES"].map(bigintConstant),
      [2n * 86_400n, 365n * 86_400n, 86_400n, 7n * 86_400n, BigInt(PAUSE.withdraw | PAUSE.settle | PAUSE.releaseProfit | PAUSE.unstake | PAUSE.applyPnl)],
    );
    assert.throws(() => idlConstant("NO_SUCH_CONSTANT"), /exports no constant NO_SUCH_CONSTANT/);
  });

  it("pause bits are eleven distinct bits whose union is PAUSE_ALL", () => {
    const bits = Object.values(PAUSE);
    assert.equal(bits.length, 11);
    assert.ok(bits.every((b) => b > 0 && (b & (b - 1)) === 0), "each a single bit");
    assert.equal(new Set(bits).size, 11);
    assert.equal(bits.reduce((a, b) => a | b, 0), PAUSE_ALL);
  });

  it("PDAs derive from the IDL's seeds; a market's address is keyed by its creator", () => {
    const mint = new PublicKey("So11111111111111111111111111111111111111112");
    const creator = new PublicKey("Sysvar1111111111111111111111111111111111111");
    const other = new PublicKey("SysvarC1ock11111111111111111111111111111111");
    const id = Buffer.alloc(8);
    id.writeBigUInt64LE(1n);
    const [expected] = PublicKey.findProgramAddressSync([Buffer.from("market"), mint.toBuffer(), creator.toBuffer(), id], PROGRAM_ID);
    assert.ok(pdas.market(mint, creator, 1).equals(expected));
    assert.ok(!pdas.market(mint, other, 1).equals(expected));
    // The record's bump is the canonical one (what resolve_shortfall takes).
    const [record, bump] = pdas.shortfallRecordWithBump(expected, 3);
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64LE(3n);
    assert.ok(record.equals(PublicKey.createProgramAddressSync([Buffer.from("shortfall"), expected.toBuffer(), seq, Buffer.from([bump])], PROGRAM_ID)));
    assert.ok(pdas.shortfallRecord(expected, 3).equals(record));
    // A market's 3rd proposed change: ["change", market, 3].
    assert.ok(pdas.pendingChange(expected, 3).equals(PublicKey.findProgramAddressSync([Buffer.from("change"), expected.toBuffer(), seq], PROGRAM_ID)[0]));
  });
});
