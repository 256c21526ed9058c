/** `lm` commands for a local validator: airdrop, a collateral mint, minting to a wallet. */
import { Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import { createInitializeMint2Instruction, createMintToInstruction, MINT_SIZE, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { LossMutualizationClient, marketKeys } from "../src/client";
import { action, amount, context, ensureAta, output, pk, program } from "./common";

program
  .command("airdrop")
  .description("request SOL from the local validator's faucet")
  .argument("<sol>", "amount in SOL")
  .argument("[to]", "recipient (default: the keypair)")
  .action(action(async (sol: string, to?: string) => {
    const { connection, signer } = await context(false);
    const recipient = to ? pk(to) : signer.publicKey;
    const sig = await connection.requestAirdrop(recipient, Number(sol) * LAMPORTS_PER_SOL);
    await connection.confirmTransaction(sig, "confirmed");
    output("airdrop", { recipient, sol: Number(sol), signature: sig });
  }));

program
  .command("create-mint")
  .description("create a collateral mint (SPL Token) with the keypair as mint authority")
  .option("--decimals <n>", "decimals", "6")
  .action(action(async (opts: { decimals: string }) => {
    const { connection, signer } = await context(false);
    const mint = Keypair.generate();
    const client = new LossMutualizationClient(connection, signer, marketKeys(mint.publicKey, signer.publicKey, 0));
    const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
    await client.send(
      [
        SystemProgram.createAccount({ fromPubkey: signer.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, Number(opts.decimals), signer.publicKey, null),
      ],
      [mint],
    );
    output("mint created", { mint: mint.publicKey, decimals: Number(opts.decimals), authority: signer.publicKey });
  }));

program
  .command("mint-to")
  .description("mint collateral to a wallet's token account (the keypair is the mint authority)")
  .requiredOption("--mint <pubkey>", "collateral mint")
  .argument("<owner>", "wallet that receives the tokens")
  .argument("<amount>", "base units")
  .action(action(async (owner: string, value: string, opts: { mint: string }) => {
    const { connection, signer } = await context(false);
    const client = new LossMutualizationClient(connection, signer, marketKeys(pk(opts.mint), signer.publicKey, 0));
    const ata = await ensureAta(client, pk(owner));
    await client.send([createMintToInstruction(pk(opts.mint), ata, signer.publicKey, amount(value))]);
    output("minted", { owner, tokenAccount: ata, amount: value });
  }));

