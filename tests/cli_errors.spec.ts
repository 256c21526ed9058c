/**
 * Errors a person understands (issue "An exchange can integrate it", item 2): each failure `lm`
 * expects is one line on stderr, without a stack trace, saying what is wrong and what to do: a
 * missing or malformed keypair file, an address that is not a market, an RPC that does not
 * answer, a fee payer without SOL, the token program's error by name and the program's own.
 * Each refusal's well-formed twin succeeds. And `lm --version`.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { describeError, errorCode, programError, PROGRAM_ID } from "@loss-mutualization/sdk";
import { version } from "../package.json";
import { localnet, MarketSetup, SpecMarkets, specMarkets } from "./env";
import { keypairFile, lm } from "./cli";

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  return port;
}

const failed = (message: string) => ({ code: 1, stdout: "", stderr: `error: ${message}\n` });
const FORMAT = (file: string) => `a keypair file is a JSON array of 64 numbers from 0 to 255 (a secret key), as \`solana-keygen new -o ${file}\` makes one`;
const DERIVE = "pass a market's address with --market (`lm market --creator <key> --mint <mint> --market-id <n>` derives it)";

describe("lm errors a person understands", () => {
  let connection: Connection;
  let spec: SpecMarkets;
  let setup: MarketSetup;
  let alice: Keypair;
  let aliceFile: string;
  const url = () => connection.rpcEndpoint;
  const market = () => setup.client.keys.market.toBase58();
  const tokens = async () => (await connection.getTokenAccountBalance(setup.ata(alice.publicKey))).value.amount;
  const principal = async () => (await setup.client.position(alice.publicKey))!.principal;

  before(async () => {
    ({ connection } = await localnet());
    spec = await specMarkets();
    setup = await spec.newMarket(1, { alice: 1_000_000n });
    alice = setup.wallets.alice;
    aliceFile = keypairFile(alice);
  });

  it("lm --version prints the package's version", () => {
    assert.deepEqual(lm(["--version"]), { code: 0, stdout: `${version}\n`, stderr: "" });
    assert.match(version, /^\d+\.\d+\.\d+/);
  });

  it("a missing or malformed keypair file: its path, what a keypair file is and how to make one; a keypair file works", () => {
    const missing = aliceFile.replace(/key-\d+\.json$/, "missing.json");
    assert.deepEqual(lm(["--url", url(), "-k", missing, "--market", market(), "status"]), failed(`cannot read the keypair file ${missing} (ENOENT); ${FORMAT(missing)}, or pass another with --keypair <path>`));
    const notJson = aliceFile.replace(/\.json$/, "-base58.txt");
    writeFileSync(notJson, "4wBqpZM9xaSheZzJSMawUHDgZ7miWfSsxmfVF5jJpYP");
    assert.deepEqual(lm(["--url", url(), "-k", notJson, "--market", market(), "status"]), failed(`the keypair file ${notJson} is not JSON; ${FORMAT(notJson)} (its content is not shown)`));
    const short = aliceFile.replace(/\.json$/, "-short.json");
    writeFileSync(short, JSON.stringify([...alice.secretKey.slice(0, 32)]));
    assert.deepEqual(lm(["--url", url(), "-k", short, "--market", market(), "status"]), failed(`the keypair file ${short} holds an array of 32 values, not 64; ${FORMAT(short)} (its content is not shown)`));
    const ok = lm(["--url", url(), "-k", aliceFile, "--market", market(), "--json", "status"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).principalAfter, "1000000");
  });

  it("an address that is not a market says what is there; the market's address works", async () => {
    const nobody = Keypair.generate().publicKey.toBase58();
    for (const [address, what] of [
      [alice.publicKey.toBase58(), "it is a wallet (an account of the System program)"],
      [spec.mint.toBase58(), "it is a token account or a mint"],
      [setup.ata(alice.publicKey).toBase58(), "it is a token account or a mint"],
      [setup.client.keys.insuranceFund.toBase58(), "it is an insurance fund of the loss-mutualization program, not a market"],
      [nobody, `no account exists there on ${url()}`],
    ]) {
      assert.deepEqual(lm(["--url", url(), "-k", aliceFile, "--market", address, "risk"]), failed(`${address} is not a loss-mutualization market: ${what}; ${DERIVE}`));
    }
    assert.deepEqual(lm(["--url", url(), "-k", aliceFile, "--market", "not-an-address", "risk"]), failed('--market: "not-an-address" is not an address (a base58 public key such as 11111111111111111111111111111111)'));
    const ok = lm(["--url", url(), "-k", aliceFile, "--market", market(), "--json", "risk"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).totalPrincipal, "1000000");
  });

  it("an RPC that does not answer is named with why; the validator's URL works", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    assert.deepEqual(lm(["--url", dead, "-k", aliceFile, "--market", market(), "status"]), failed(`cannot reach the RPC at ${dead} (ECONNREFUSED): is the validator running? Pass its URL with --url (or set ANCHOR_PROVIDER_URL)`));
    assert.equal(lm(["--url", url(), "-k", aliceFile, "--market", market(), "status"]).code, 0);
  });

  it("depositing more than the wallet holds is SPL Token's InsufficientFunds, by name, and nothing moves; depositing what it holds goes through", async () => {
    const [held, before] = [await tokens(), await principal()];
    assert.equal(held, "4000000");
    assert.deepEqual(lm(["--url", url(), "-k", aliceFile, "--market", market(), "deposit", "4.000001"]), failed("InsufficientFunds (SPL Token error 1): Insufficient funds (the token account holds less than this amount)"));
    assert.deepEqual([await tokens(), await principal()], [held, before]);
    assert.equal(lm(["--url", url(), "-k", aliceFile, "--market", market(), "deposit", "4"]).code, 0);
    assert.deepEqual([await tokens(), await principal()], ["0", before + 4_000_000n]);
  });

  it("a program error is shown by name and message; the twin within bounds goes through", async () => {
    const { code, msg } = errorCode("InsufficientPrincipal");
    const all = await principal();
    assert.deepEqual(lm(["--url", url(), "-k", aliceFile, "--market", market(), "withdraw", "--base-units", String(all + 1n)]), failed(`InsufficientPrincipal (${code}): ${msg}`));
    assert.equal(msg, "Amount exceeds the position's principal");
    assert.equal(await principal(), all);
    assert.equal(lm(["--url", url(), "-k", aliceFile, "--market", market(), "withdraw", "--base-units", String(all)]).code, 0);
    assert.equal(await principal(), 0n);
  });

  it("a fee payer without SOL is told so; once funded, the same command goes through", async () => {
    const poor = Keypair.generate();
    const file = keypairFile(poor);
    const args = ["--url", url(), "-k", file, "--market", market(), "fund-rent-reserve", "0.001"];
    assert.deepEqual(lm(args), failed(`the paying wallet ${poor.publicKey.toBase58()} has no SOL to pay the transaction fee (AccountNotFound); send it some SOL (on a local validator: lm airdrop 1)`));
    await connection.confirmTransaction(await connection.requestAirdrop(poor.publicKey, LAMPORTS_PER_SOL), "confirmed");
    assert.equal(lm(args).code, 0);
  });

  it("names the errors of the token programs and the System program by the program that failed", () => {
    const failure = (program: string, code: number) => ({
      message: `Simulation failed. Transaction simulation failed: Error processing Instruction 1: custom program error: 0x${code.toString(16)}`,
      logs: [
        `Program ${PROGRAM_ID.toBase58()} invoke [1]`,
        `Program ${program} invoke [2]`,
        `Program ${program} failed: custom program error: 0x${code.toString(16)}`,
        `Program ${PROGRAM_ID.toBase58()} failed: custom program error: 0x${code.toString(16)}`,
      ],
    });
    assert.deepEqual(programError(failure(TOKEN_PROGRAM_ID.toBase58(), 4)), { code: 4, name: "OwnerMismatch", msg: "Owner does not match", program: "SPL Token" });
    assert.deepEqual(programError(failure(TOKEN_PROGRAM_ID.toBase58(), 3)), { code: 3, name: "MintMismatch", msg: "Account not associated with this Mint", program: "SPL Token" });
    assert.equal(describeError(failure(TOKEN_2022_PROGRAM_ID.toBase58(), 17)), "AccountFrozen (Token-2022 error 17): Account is frozen (the mint's freeze authority froze this token account)");
    assert.equal(describeError(failure(TOKEN_2022_PROGRAM_ID.toBase58(), 37)), "NonTransferable (Token-2022 error 37): Transfer is disabled for this mint");
    assert.equal(describeError(failure(SystemProgram.programId.toBase58(), 1)), "ResultWithNegativeLamports (System error 1): account does not have enough SOL to perform the operation (the paying wallet has too little SOL)");
    // The program's own error, raised by itself, is the IDL's.
    const own = errorCode("ClawbackPending").code;
    const ownFailure = { message: "", logs: [`Program ${PROGRAM_ID.toBase58()} failed: custom program error: 0x${own.toString(16)}`] };
    assert.equal(programError(ownFailure)?.name, "ClawbackPending");
    assert.equal(programError(ownFailure)?.program, undefined);
  });
});
