/**
 * Bundles the dashboard (dashboard/main.ts, which imports the SDK) for the browser with
 * esbuild into dashboard/dist/. `npm run build:dashboard` runs it; `lm dashboard` and the
 * browser test call `ensureDashboardBuilt()`, which rebuilds only when a source is newer than the
 * bundle. The bundle is not committed (about a second to build).
 */
import { build, Plugin } from "esbuild";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const DASHBOARD_DIR = resolve(__dirname);
export const DIST_DIR = join(DASHBOARD_DIR, "dist");
const BUNDLE = join(DIST_DIR, "main.js");
const ROOT = resolve(__dirname, "..");

/** Everything the bundle is made of (its own sources, the SDK and the IDL). */
function sources(): string[] {
  const ts = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
  return [...ts(DASHBOARD_DIR), ...ts(join(ROOT, "sdk/src")), join(ROOT, "sdk/src/idl/loss_mutualization.json"), join(ROOT, "package-lock.json")];
}

/** `@anchor-lang/core` → its browser build (the package's main entry is its Node build). */
const anchorForBrowser: Plugin = {
  name: "anchor-for-browser",
  setup(b) {
    b.onResolve({ filter: /^@anchor-lang\/core$/ }, () => ({ path: join(ROOT, "node_modules/@anchor-lang/core/dist/browser/index.js") }));
  },
};

export async function buildDashboard(): Promise<string> {
  await build({
    entryPoints: [join(DASHBOARD_DIR, "main.ts")],
    outfile: BUNDLE,
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    sourcemap: true,
    minify: true,
    legalComments: "none",
    // Buffer for the SDK, web3.js and Anchor (Node's global, absent in a browser).
    inject: [join(DASHBOARD_DIR, "buffer-shim.ts")],
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    plugins: [anchorForBrowser],
    logLevel: "warning",
  });
  return BUNDLE;
}

/** Builds the bundle when it is missing or older than one of its sources; returns whether it built. */
export async function ensureDashboardBuilt(): Promise<boolean> {
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  const stale = sources().some((f) => existsSync(f) && statSync(f).mtimeMs > built);
  if (!stale) return false;
  await buildDashboard();
  return true;
}

if (require.main === module) {
  buildDashboard().then(
    (out) => console.log(`built ${out}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
