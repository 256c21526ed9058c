/** The program: its IDL (the SDK's copy, idl/) and its id. */
import idlJson from "./idl/loss_mutualization.json";
import type { LossMutualization } from "./idl/loss_mutualization";
import { PublicKey } from "@solana/web3.js";

export const IDL = idlJson as unknown as LossMutualization;
export const PROGRAM_ID = new PublicKey(IDL.address);
