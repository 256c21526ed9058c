/**
 * The loss_mutualization SDK: a typed client for the program (`LossMutualizationClient`), one
 * builder per instruction, sending with pending-loss resolution in front, account decoding with
 * verification, the program's exact math for read-side analytics, amounts, signers, PDAs,
 * constants and errors. Each module can also be read on its own; this entry exports them all.
 */
export * from "./client";
export * from "./amount";
export * from "./analytics";
export * from "./changes";
export * from "./constants";
export * from "./math";
export * from "./maturity";
// resolve.ts is reached through the client (sendResolved, resolveShortfall); math.ts has the pure split of the same name.
export type { SendResolvedOptions } from "./resolve";
export * from "./send";
export * from "./signers";
export * from "./token-errors";
export type { LossMutualization } from "./idl/loss_mutualization";
