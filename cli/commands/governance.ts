/**
 * `lm` governance commands: every change of the parameters, the authorities or the admin is
 * proposed (the admin signs and pays the change account's rent), listed by `lm changes` for
 * everyone with its countdown, and applied once its notice of open exits is served (any keypair;
 * an admin change: the new admin), or cancelled by the admin. A longer notice applies at once
 * (`raise-notice`); a shorter one is a proposed change.
 */
import { changeFields, durationText, LossMutualizationClient, PendingChangeView, statusText } from "@loss-mutualization/sdk";
import { action, context, iso, output, pk, program, resolvedFirst } from "./common";
import { paramOptions, paramsFrom, secs } from "./operator";

/** A pending change as `lm changes` lists it: what it sets exactly, who proposed it, and where it stands. */
function changeRow(c: PendingChangeView) {
  return {
    seq: c.seq,
    kind: c.change.kind,
    sets: changeFields(c.change),
    proposer: c.proposer,
    proposedAt: iso(c.proposedAt),
    noticeSecs: c.noticeSecs,
    status: statusText(c),
    remainingSecs: c.remainingSecs,
    countdown: c.status.kind === "inNotice" ? durationText(c.remainingSecs) : "-",
    dueAt: c.dueAt === null ? "-" : iso(c.dueAt),
    lapsesAt: c.lapsesAt === null ? "-" : iso(c.lapsesAt),
    address: c.address,
  };
}

const seqOf = (text: string) => {
  if (!/^\d+$/.test(text)) throw new Error(`a change's sequence number is a non-negative integer (\`lm changes\` lists them), not ${text}`);
  return BigInt(text);
};

/** Propose, then show the change as `lm changes` does. */
async function propose(client: LossMutualizationClient, proposal: Parameters<LossMutualizationClient["proposeChange"]>) {
  const proposed = await client.proposeChange(...proposal);
  const view = await client.pendingChange(proposed.seq);
  output("change proposed", { ...(view ? changeRow(view) : { seq: proposed.seq, address: proposed.address }), signature: proposed.signature });
}

paramOptions(
  program
    .command("propose-params")
    .description("propose new risk parameters (admin): omitted options keep their value; it applies after the market's notice (`lm changes`)"),
  false,
).action(action(async (opts: Record<string, string | boolean | undefined>) => {
  const { client, signer, decimals } = await context();
  const params = Object.fromEntries(Object.entries(paramsFrom(opts, decimals)).filter(([, v]) => v !== undefined));
  await propose(client, [signer, { kind: "params", params }]);
}));

program
  .command("propose-authorities")
  .description("propose a new risk and / or clearing authority (admin); it applies after the market's notice")
  .option("--risk <pubkey>", "the new risk authority")
  .option("--clearing <pubkey>", "the new clearing authority")
  .action(action(async (opts: { risk?: string; clearing?: string }) => {
    if (!opts.risk && !opts.clearing) throw new Error("propose-authorities takes --risk and / or --clearing");
    const { client, signer } = await context();
    await propose(client, [signer, { kind: "authorities", ...(opts.risk ? { riskAuthority: pk(opts.risk, "--risk") } : {}), ...(opts.clearing ? { clearingAuthority: pk(opts.clearing, "--clearing") } : {}) }]);
  }));

program
  .command("propose-admin")
  .description("propose the next admin (admin); after the notice, the new admin applies it (`lm apply-change <seq>` with its keypair)")
  .argument("<new-admin>", "public key")
  .action(action(async (next: string) => {
    const { client, signer } = await context();
    await propose(client, [signer, { kind: "admin", newAdmin: pk(next, "new-admin") }]);
  }));

program
  .command("apply-change")
  .description("apply a pending change once it is due (any keypair; an admin change: the new admin); a pending loss is resolved first")
  .argument("<seq>", "its sequence number (`lm changes`)")
  .action(action(async (seq: string) => {
    const { client, signer } = await context();
    const change = await client.pendingChange(seqOf(seq));
    const sent = await client.applyChange(signer, seqOf(seq));
    output("change applied", { seq, kind: change?.change.kind, sets: change && changeFields(change.change), by: signer.publicKey, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("cancel-change")
  .description("withdraw a pending change (admin), also once it lapsed; its rent goes back to the proposer")
  .argument("<seq>", "its sequence number (`lm changes`)")
  .action(action(async (seq: string) => {
    const { client, signer } = await context();
    const signature = await client.cancelChange(signer, seqOf(seq));
    output("change cancelled", { seq, signature });
  }));

program
  .command("raise-notice")
  .description("lengthen the market's notice at once (admin), also for pending changes; a shorter notice is proposed (`propose-params --notice-secs`)")
  .argument("<secs>", "the new notice, in seconds")
  .action(action(async (value: string) => {
    const { client, signer } = await context();
    const signature = await client.raiseNotice(signer, secs(value, "secs"));
    output("notice raised", { noticeSecs: (await client.market()).noticeSecs, signature });
  }));

program
  .command("changes")
  .description("the market's pending changes, public from their proposal: what each sets, its proposer, its status and countdown of open time, when it is due and when it lapses")
  .action(action(async () => {
    const { client } = await context();
    const [changes, market] = await Promise.all([client.pendingChanges(), client.market()]);
    output(`pending changes (notice ${market.noticeSecs} s of open exits)`, changes.map(changeRow));
  }));
