/**
 * The dashboard's pending changes (governance): each proposed change with what it does (each
 * field's value now and after it), its proposer, and where it stands with a live countdown: the
 * open time left of its notice, then "due" until it lapses, "exits not open long enough" while
 * exits have not been open a day since a pause, or "lapsed". While exits are halted (an exit
 * paused, or a loss pending) the notice does not run, and the countdown stands still.
 */
import { PublicKey } from "@solana/web3.js";
import { changeFields, durationText, PendingChangeView, statusText } from "@loss-mutualization/sdk";
import { Snapshot } from "./model";
import { $, Child, count, countdown, fill, group, h, key, period, seconds, time, value } from "./dom";

/** The value each parameter or authority has now, as the change's fields name them. */
function currentValues(s: Snapshot): Record<string, string> {
  const m = s.market;
  const f = s.fund;
  return {
    profitMaturitySecs: String(m.profitMaturitySecs),
    maxDrawPerEvent: String(f.maxDrawPerEvent),
    drawWindowCap: String(f.drawWindowCap),
    drawWindowSecs: String(f.drawWindowSecs),
    unstakeDelaySecs: String(f.unstakeDelaySecs),
    unstakeWindowSecs: String(f.unstakeWindowSecs),
    liquidationWindowSecs: String(m.liquidationWindowSecs),
    maxShortfallBps: String(m.maxShortfallBps),
    noticeSecs: String(m.noticeSecs),
    riskAuthority: m.riskAuthority.toBase58(),
    clearingAuthority: m.clearingAuthority.toBase58(),
    newAdmin: m.admin.toBase58(),
  };
}

/** A value as the change's fields give it: a period ("…Secs") as "3d", bps with "bps", other digits grouped, a key shortened (its whole in the title). */
function shown(field: string, v: string): Child {
  if (!/^\d+$/.test(v)) return h("code", { title: v }, `${v.slice(0, 4)}…${v.slice(-4)}`);
  if (field.endsWith("Secs")) return h("span", { title: `${group(v)} s` }, period(Number(v)));
  return field.endsWith("Bps") ? `${group(v)} bps` : group(v);
}

/** What the change does: each field it sets, from its value now to the new one. */
function what(c: PendingChangeView, now: Record<string, string>): Node {
  const fields = changeFields(c.change);
  return h(
    "span",
    { "data-testid": "change-sets", "data-value": JSON.stringify(fields) },
    Object.entries(fields).map(([k, v]) => h("div", {}, `${k === "newAdmin" ? "admin" : k}: `, shown(k, now[k]), " → ", h("b", {}, shown(k, v)))),
  );
}

/** Where it stands, with the countdown that ticks between refreshes (the page's ticker). */
function standing(c: PendingChangeView, now: number): Child {
  if (c.status.kind === "lapsed") return [value("change-countdown", 0, "lapsed"), ": it can only be cancelled"];
  if (c.clockStopped) {
    return [value("change-countdown", c.remainingSecs, durationText(c.remainingSecs)), " of open time left, ", h("span", { class: "warn" }, "stopped: exits are halted")];
  }
  const after = c.dueAt === null ? "lapses before it is due" : c.dueAt === now + c.remainingSecs ? "due" : "exits not open long enough";
  switch (c.status.kind) {
    case "inNotice":
      return [countdown("change-countdown", now + c.remainingSecs, now, after), " of open time left"];
    case "exitsNotOpenLongEnough":
      return c.dueAt === null
        ? value("change-countdown", 0, "lapses before exits have been open a day")
        : ["due in ", countdown("change-countdown", c.dueAt, now, "due"), " (a day of open exits since the last pause)"];
    case "due":
      return ["may apply now; lapses in ", countdown("change-countdown", c.lapsesAt!, now, "lapsed")];
  }
}

export function renderChanges(s: Snapshot) {
  const m = s.market;
  fill(
    $("changes-notice"),
    `Every change of the parameters, the authorities or the admin is public from its proposal and applies only after the market's notice of `,
    seconds("market-notice-secs", m.noticeSecs),
    ` of open exits (time in which no exit is paused and no loss is pending), and a day of open exits since the last exit pause; it lapses 7 days of open exits after the notice it was proposed with. Proposed so far: `,
    count("change-count", m.changeCount),
    ".",
  );
  const now = currentValues(s);
  fill(
    $("pending-changes").querySelector("tbody")!,
    s.changes.length === 0
      ? h("tr", {}, h("td", { colspan: 7, class: "muted", "data-testid": "no-pending-change" }, "no pending change"))
      : s.changes.map((c) =>
          h(
            "tr",
            { "data-testid": "change-row", "data-seq": c.seq },
            h("td", { class: "n" }, count("change-seq", c.seq)),
            h("td", {}, value("change-kind", c.change.kind)),
            h("td", {}, what(c, now)),
            h("td", {}, key("change-proposer", c.proposer as PublicKey)),
            h("td", {}, value("change-proposed-at", c.proposedAt, time(c.proposedAt))),
            h("td", {}, value("change-status", c.status.kind, statusText(c)), h("br"), h("span", { class: "muted" }, standing(c, s.chainTime))),
            h(
              "td",
              {},
              c.dueAt === null ? value("change-due-at", "", "–") : value("change-due-at", c.dueAt, time(c.dueAt)),
              h("br"),
              h("span", { class: "muted" }, "lapses ", c.lapsesAt === null ? value("change-lapses-at", "", "–") : value("change-lapses-at", c.lapsesAt, time(c.lapsesAt))),
            ),
          ),
        ),
  );
}
