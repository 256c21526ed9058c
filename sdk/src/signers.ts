/**
 * Who signs: the client's payer and the extra signers of a send may be keypairs (web3.js
 * `Signer`: `Keypair`, or any `{ publicKey, secretKey }`) or wallets that sign without handing
 * out their key (`TransactionSigner`, the shape of a wallet adapter: a browser wallet, a
 * hardware wallet, a custody service).
 */
import { PublicKey, Signer as KeypairSigner, Transaction, VersionedTransaction } from "@solana/web3.js";

/** A wallet that signs transactions itself (a wallet adapter's shape); its key never leaves it. */
export interface TransactionSigner {
  publicKey: PublicKey;
  signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T>;
  signAllTransactions?<T extends Transaction | VersionedTransaction>(txs: T[]): Promise<T[]>;
}

/** What the SDK accepts wherever something signs: a keypair or a `TransactionSigner`. */
export type Signer = KeypairSigner | TransactionSigner;

export function isKeypair(signer: Signer): signer is KeypairSigner {
  return (signer as KeypairSigner).secretKey instanceof Uint8Array;
}

/** A keypair as a `TransactionSigner` (it adds its signature, keeping the others). */
export function keypairSigner(keypair: KeypairSigner): TransactionSigner {
  const sign = async <T extends Transaction | VersionedTransaction>(tx: T): Promise<T> => {
    if (tx instanceof VersionedTransaction) tx.sign([keypair]);
    else tx.partialSign(keypair);
    return tx;
  };
  return {
    publicKey: keypair.publicKey,
    signTransaction: sign,
    signAllTransactions: async (txs) => await Promise.all(txs.map(sign)),
  };
}

/** Any signer as a `TransactionSigner`. */
export function transactionSigner(signer: Signer): TransactionSigner {
  return isKeypair(signer) ? keypairSigner(signer) : signer;
}

/** `signers` without repeats (the first of each key kept). */
export function distinctSigners(signers: Signer[]): Signer[] {
  return signers.filter((s, i) => signers.findIndex((o) => o.publicKey.equals(s.publicKey)) === i);
}

/**
 * `tx` signed by every one of `signers` the message needs (others are left out): the keypairs at
 * once, then each wallet in turn (a wallet returns the transaction with its signature added; the
 * one it returns is the one kept). Throws, naming the key, when a signature is still missing.
 */
export async function signWith(tx: VersionedTransaction, signers: Signer[]): Promise<VersionedTransaction> {
  const required = tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures);
  const needed = distinctSigners(signers).filter((s) => required.some((k) => k.equals(s.publicKey)));
  const keypairs = needed.filter(isKeypair);
  if (keypairs.length > 0) tx.sign(keypairs);
  const message = Buffer.from(tx.message.serialize());
  let signed = tx;
  for (const wallet of needed.filter((s) => !isKeypair(s)) as TransactionSigner[]) {
    signed = await wallet.signTransaction(signed);
    // A wallet signs what it was given or nothing: one that changed the message would void the
    // signatures already on it, and sign something the caller did not ask for.
    if (!Buffer.from(signed.message.serialize()).equals(message)) throw new Error(`the wallet ${wallet.publicKey.toBase58()} changed the transaction it was asked to sign`);
  }
  required.forEach((key, i) => {
    if (!signed.signatures[i] || signed.signatures[i].every((b) => b === 0)) throw new Error(`the transaction lacks the signature of ${key.toBase58()}`);
  });
  return signed;
}
