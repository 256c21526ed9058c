/**
 * `@anchor-lang/core` for the browser bundle (build.ts aliases the package to this file): its
 * browser build, plus the `Wallet` the SDK constructs, which Anchor ships only in its Node build
 * (NodeWallet). The dashboard's wallet is a throwaway keypair that never signs anything.
 */
import { Keypair, Transaction, VersionedTransaction } from "@solana/web3.js";

// Resolved by build.ts to node_modules/@anchor-lang/core/dist/browser/index.js.
export * from "anchor-browser-build";

export class Wallet {
  constructor(readonly payer: Keypair) {}

  get publicKey() {
    return this.payer.publicKey;
  }

  async signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T> {
    if (tx instanceof VersionedTransaction) tx.sign([this.payer]);
    else tx.partialSign(this.payer);
    return tx;
  }

  async signAllTransactions<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]> {
    return await Promise.all(txs.map((tx) => this.signTransaction(tx)));
  }
}
