// The alias build.ts gives Anchor's browser build (same API as the package, less the Node-only Wallet).
declare module "anchor-browser-build" {
  export * from "@anchor-lang/core";
}
