/**
 * The dashboard's DOM helpers and formatters: every number gets a `data-testid`, and amounts
 * carry their exact base units in `data-value` (the browser test reads them).
 */
import { PublicKey } from "@solana/web3.js";
import { LossIndex } from "../src/math";
import { durationText } from "../src/governance";
import { fixed, survivingFraction } from "./model";

export const $ = <T extends HTMLElement = HTMLElement>(testid: string, root: ParentNode = document): T => {
  const el = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!el) throw new Error(`no element ${testid}`);
  return el;
};
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
/** 1234567 → "1,234,567" (exact, any size). */
export const group = (n: bigint) => {
  const s = (n < 0n ? -n : n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0n ? `-${s}` : s;
};
export const short = (k: PublicKey | string) => {
  const s = typeof k === "string" ? k : k.toBase58();
  return `${s.slice(0, 4)}…${s.slice(-4)}`;
};
export const time = (unix: number) => (unix ? new Date(unix * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "–");
export const duration = (secs: number, done = "matured") => (secs <= 0 ? done : durationText(secs));

let decimals = 6;
/** The collateral's decimals, for the token amounts shown next to base units. */
export const setDecimals = (n: number) => {
  decimals = n;
};
/** An amount: base units (exact, in data-value and text) and tokens. */
export const amount = (testid: string, v: bigint | null | undefined, withTokens = true) =>
  v === null || v === undefined
    ? `<span data-testid="${testid}" data-value="">–</span>`
    : `<span data-testid="${testid}" data-value="${v}">${group(v)}</span>` +
      (withTokens ? ` <span class="tok" data-testid="${testid}-tokens" data-value="${fixed(v, decimals)}">${fixed(v, decimals)} tokens</span>` : "");
/** A plain value with its exact form in data-value. */
export const value = (testid: string, exact: string | number | bigint, text?: string) =>
  `<span data-testid="${testid}" data-value="${esc(String(exact))}">${esc(text ?? String(exact))}</span>`;
export const key = (testid: string, k: PublicKey) => `<code data-testid="${testid}" data-value="${k.toBase58()}" title="${k.toBase58()}">${short(k)}</code>`;
export const kv = (rows: [string, string][]) => rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("");
/** A countdown to `at` (unix seconds), ticking between refreshes; `done` once it is reached. */
export const countdown = (testid: string, at: number, now: number, done = "matured") =>
  `<span class="countdown" data-testid="${testid}" data-value="${at - now}" data-done="${esc(done)}">${duration(at - now, done)}</span>`;
/** Lamports, exact, with SOL. */
export const lamports = (testid: string, v: bigint) =>
  `<span data-testid="${testid}" data-value="${v}">${group(v)} lamports</span> <span class="tok">${fixed(v, 9)} SOL</span>`;
export const indexCell = (testid: string, i: LossIndex) =>
  value(testid, `${i.factor}:${i.scale}:${i.epoch}`, `${survivingFraction(i)}${i.epoch ? ` (epoch ${i.epoch})` : ""}`);
