/** `lm` commands for a local validator: airdrop, a collateral mint, minting to a wallet. */
import { Keypair, SystemProgram } from "@solana/web3.js";
import { createInitializeMint2Instruction, createMintToInstruction, MINT_SIZE, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { LossMutualizationClient, marketKeys, parseAmount } from "@loss-mutualization/sdk";
import { action, amount, BASE_UNITS, context, ensureAta, mintOf, output, pk, program, sol } from "./common";

program
  .command("airdrop")
  .description("request SOL from the local validator's faucet")
  .argument("<sol>", "amount in SOL, such as 0.5")
  .argument("[to]", "recipient (default: the keypair)")
  .action(action(async (value: string, to?: string) => {
    const { connection, signer } = await context(false);
    const lamports = sol(value, "sol");
    const recipient = to ? pk(to, "to") : signer.publicKey;
    const sig = await connection.requestAirdrop(recipient, Number(lamports));
    await connection.confirmTransaction(sig, "confirmed");
    output("airdrop", { recipient, sol: Number(value), lamports, signature: sig });
  }));

program
  .command("create-mint")
  .description("create a collateral mint (SPL Token) with the keypair as mint authority")
  .option("--decimals <n>", "decimals", "6")
  .action(action(async (opts: { decimals: string }) => {
    const { connection, signer } = await context(false);
    const decimals = Number(parseAmount(opts.decimals, { name: "--decimals", type: "u32", hint: "a mint has 0 to 255 decimals" }));
    if (decimals > 255) throw new Error(`--decimals: ${decimals} is more than a mint's 255`);
    const mint = Keypair.generate();
    const client = new LossMutualizationClient(connection, signer, marketKeys(mint.publicKey, signer.publicKey, 0));
    const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
    await client.send(
      [
        SystemProgram.createAccount({ fromPubkey: signer.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, decimals, signer.publicKey, null),
      ],
      [mint],
    );
    output("mint created", { mint: mint.publicKey, decimals, authority: signer.publicKey });
  }));

program
  .command("mint-to")
  .description("mint collateral to a wallet's token account (the keypair is the mint authority)")
  .requiredOption("--mint <pubkey>", "collateral mint")
  .argument("<owner>", "wallet that receives the tokens")
  .argument("<amount>", "tokens of the mint, such as 100.5 (with --base-units: base units)")
  .option(...BASE_UNITS)
  .action(action(async (owner: string, value: string, opts: { mint: string; baseUnits?: boolean }) => {
    const { connection, signer } = await context(false);
    const mint = pk(opts.mint, "--mint");
    const units = amount(value, (await mintOf(connection, mint)).decimals, opts);
    const client = new LossMutualizationClient(connection, signer, marketKeys(mint, signer.publicKey, 0));
    const ata = await ensureAta(client, pk(owner, "owner"));
    await client.send([createMintToInstruction(mint, ata, signer.publicKey, units)]);
    output("minted", { owner, tokenAccount: ata, amount: units });
  }));

