// Injected into the browser bundle by esbuild (build.ts): Node's Buffer global for the SDK.
import { Buffer } from "buffer";

(globalThis as unknown as { Buffer: typeof Buffer }).Buffer ??= Buffer;
export { Buffer };
