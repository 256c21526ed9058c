/**
 * The dashboard's DOM helpers and formatters: every number gets a `data-testid`, and amounts
 * carry their exact base units in `data-value` (the browser test reads them).
 *
 * Everything the page shows is built as nodes (issue 21, item 2): strings, whatever they hold,
 * become text nodes, attributes are set with setAttribute (never `on…` or `style`), and no HTML
 * is ever parsed from a string (the server's Content-Security-Policy also requires Trusted Types
 * for any such sink, so a string assigned to innerHTML would throw).
 */
import { PublicKey } from "@solana/web3.js";
import { LossIndex } from "@loss-mutualization/sdk";
import { durationText } from "@loss-mutualization/sdk";
import { bs58 } from "@loss-mutualization/sdk";
import { fixed, survivingFraction } from "./model";

export const $ = <T extends HTMLElement = HTMLElement>(testid: string, root: ParentNode = document): T => {
  const el = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!el) throw new Error(`no element ${testid}`);
  return el;
};

/** What a node may hold: nodes, and strings or numbers (as text); null and false are skipped. */
export type Child = Node | string | number | bigint | null | undefined | false | Child[];

const append = (parent: Node, children: Child[]) => {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
};

/** `<tag attrs…>children</tag>`; attribute values are set as they are (an attribute is never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | bigint | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (/^on/i.test(name) || name === "style" || name === "href" || name === "src") throw new Error(`the dashboard sets no ${name} attribute`);
    el.setAttribute(name, String(v));
  }
  append(el, children);
  return el;
}

/** Several nodes in a row (a DocumentFragment). */
export function frag(...children: Child[]): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}

/** Replace an element's content with these children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(frag(...children));
}

/** 1234567 → "1,234,567" (exact, any size); a decimal's whole part: "1234567.500" → "1,234,567.500". */
export const group = (n: bigint | number | string) => {
  const [whole, part] = String(n).split(".");
  const digits = whole.replace(/^-/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole.startsWith("-") ? "-" : ""}${digits}${part === undefined ? "" : `.${part}`}`;
};
export const short = (k: PublicKey | string) => {
  const s = typeof k === "string" ? k : k.toBase58();
  return `${s.slice(0, 4)}…${s.slice(-4)}`;
};
/** `count` base units as a decimal with `decimals` places, its whole part grouped: 1000000000000 at 6 → "1,000,000.000000". */
export const decimal = (count: bigint, places: number) => group(fixed(count, places));
/** A unix time as ISO UTC: "2025-11-30 19:25:00 UTC" ("–" for 0: never). */
export const time = (unix: number) => (unix ? new Date(unix * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "–");
/** A countdown's text: every unit down to seconds ("2d 3h 0m 12s"), `done` once it is reached. */
export const duration = (secs: number, done = "matured") => (secs <= 0 ? done : durationText(secs));
/** A period (a parameter, not a countdown): its non-zero units, "1d", "2h 30m", "0s". */
export const period = (secs: number) => {
  const units: [number, string][] = [[86_400, "d"], [3_600, "h"], [60, "m"], [1, "s"]];
  let left = Math.abs(secs);
  const parts: string[] = [];
  for (const [size, unit] of units) {
    if (left >= size) parts.push(`${Math.floor(left / size)}${unit}`);
    left %= size;
  }
  return `${secs < 0 ? "-" : ""}${parts.join(" ") || "0s"}`;
};

let decimals = 6;
/** The collateral's decimals, for the token amounts shown next to base units. */
export const setDecimals = (n: number) => {
  decimals = n;
};
/** An amount: base units (exact, in data-value and text) and tokens. */
export const amount = (testid: string, v: bigint | null | undefined, withTokens = true): Node =>
  v === null || v === undefined
    ? h("span", { "data-testid": testid, "data-value": "" }, "–")
    : frag(
        h("span", { "data-testid": testid, "data-value": v }, group(v)),
        withTokens && [" ", h("span", { class: "tok", "data-testid": `${testid}-tokens`, "data-value": fixed(v, decimals) }, `${decimal(v, decimals)} tokens`)],
      );
/** A plain value with its exact form in data-value. */
export const value = (testid: string, exact: string | number | bigint, text?: string) => h("span", { "data-testid": testid, "data-value": String(exact) }, text ?? String(exact));
/** A count (slots, shares, transactions), grouped, exact in data-value. */
export const count = (testid: string, n: number | bigint) => value(testid, n, group(n));
/** A period in seconds (a parameter): "1d", exact seconds in data-value and the title. */
export const seconds = (testid: string, secs: number) => h("span", { "data-testid": testid, "data-value": secs, title: `${group(secs)} s` }, period(secs));
/** A unix time as ISO UTC (exact in data-value), with a live countdown to it when `now` is given and it is ahead. */
export const moment = (testid: string, at: number, now?: number, done = "passed") =>
  frag(value(testid, at, time(at)), now !== undefined && at > now && [" · in ", countdown(`${testid}-countdown`, at, now, done)]);
export const key = (testid: string, k: PublicKey) => h("code", { "data-testid": testid, "data-value": k.toBase58(), title: k.toBase58() }, short(k));
export const kv = (rows: [string, Child][]) => frag(rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
/** A countdown to `at` (unix seconds), ticking between refreshes; `done` once it is reached. */
export const countdown = (testid: string, at: number, now: number, done = "matured") =>
  h("span", { class: "countdown", "data-testid": testid, "data-value": at - now, "data-done": done }, duration(at - now, done));
/** Lamports, exact, with SOL. */
export const lamports = (testid: string, v: bigint) =>
  frag(h("span", { "data-testid": testid, "data-value": v }, `${group(v)} lamports`), " ", h("span", { class: "tok" }, `${decimal(v, 9)} SOL`));
export const indexCell = (testid: string, i: LossIndex) =>
  value(testid, `${i.factor}:${i.scale}:${i.epoch}`, `${survivingFraction(i)}${i.epoch ? ` (epoch ${i.epoch})` : ""}`);

/** A transaction signature: base58 of 64 bytes. */
export function isSignature(s: string): boolean {
  if (!/^[1-9A-HJ-NP-Za-km-z]{64,88}$/.test(s)) return false;
  try {
    return bs58.decode(s).length === 64;
  } catch {
    return false;
  }
}

/**
 * A transaction signature as the RPC gave it: shortened, the whole in its title, when it is one;
 * else flagged, its start shown as text (an RPC that returns anything else is lying).
 */
export const signature = (testid: string, s: string) =>
  isSignature(s)
    ? h("code", { "data-testid": testid, "data-value": s, title: s }, short(s))
    : h("span", { class: "warn", "data-testid": `${testid}-invalid`, "data-value": s.slice(0, 200) }, `not a signature: ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}`);
