/** The dashboard's "what if": a new loss now, split with the program's math (model.ts `whatIf`). */
import { Snapshot, WalletView, whatIf } from "./model";
import { $, amount, fill, group, h, time } from "./dom";

export function renderWhatIf(s: Snapshot, walletView: WalletView | null) {
  const out = $("whatif-result");
  const text = $<HTMLInputElement>("whatif-input").value.replace(/[_,\s]/g, "");
  const warn = (message: string) => fill(out, h("p", { class: "warn", "data-testid": "whatif-error" }, message));
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) return warn("enter a loss in base units");
  if (!s.preview) return warn(`cannot predict: ${s.previewError ?? "no state"}`);
  const loss = BigInt(text);
  try {
    const r = whatIf(s.preview.after, loss, s.chainTime, walletView?.position ?? null);
    const mine = walletView?.position;
    fill(
      out,
      h(
        "p",
        { class: "sentence", "data-testid": "whatif-sentence", "data-loss": loss },
        "A loss of ",
        h("b", {}, group(loss)),
        " now: the fund pays ",
        h("b", {}, amount("whatif-fund-pays", r.split.insurancePaid, false)),
        ", clawback ",
        h("b", {}, amount("whatif-clawback", r.split.clawback, false)),
        mine && [" (your part ", amount("whatif-your-clawback", r.yourClawback, false), ")"],
        ", haircut ",
        h("b", {}, amount("whatif-haircut", r.split.haircut, false)),
        mine && [" (your part ", amount("whatif-your-haircut", r.yourHaircut, false), ")"],
        ".",
      ),
      h(
        "p",
        { class: "muted" },
        s.preview.splits.length ? `After the ${s.preview.splits.length} pending loss(es) are resolved first. ` : "",
        `Computed with the program's resolve_shortfall math on the pools as they stand (a fresh liquidation: full per-event cap, the rolling allowance at chain time ${time(s.chainTime)}). ` +
          "A real bankrupting trade also adds the winner's gain to the at-risk profit, which lowers each wallet's part.",
      ),
    );
  } catch (err) {
    warn(`${(err as Error).message}: the loss exceeds all capital`);
  }
}
