/**
 * Which RPC and PubSub endpoints the page uses (issue 21, item 2). A link's `?rpc=` could name an
 * attacker's RPC, which would then decide everything the page shows (and, before the page built
 * only nodes, what it ran). So the page reads only through the server that served it: it asks it
 * (`GET rpc`) which RPC URLs it relays and which PubSub URLs it may use, and refuses a `?rpc=` or
 * `?ws=` that is not one of them, saying so on the page. Without the parameters it uses the
 * server's first ones. (The server's Content-Security-Policy also blocks any other connection.)
 */

/** A link's endpoint the server was not started with. */
export class RefusedEndpoint extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedEndpoint";
  }
}

export interface Endpoints {
  /** The RPC URL (as configured on the server) and the relay URL the page posts to. */
  rpc: string;
  relay: string;
  ws: string;
}

const canonical = (u: string) => {
  try {
    return new URL(u).toString();
  } catch {
    return null;
  }
};

const strings = (v: unknown): string[] => (Array.isArray(v) && v.every((s) => typeof s === "string") ? v : []);

/** The endpoints for this page's parameters, or a `RefusedEndpoint` that says why not. */
export async function endpoints(params: URLSearchParams): Promise<Endpoints> {
  const list = new URL("rpc", location.href);
  let relays: string[];
  let pubsub: string[];
  try {
    const answer = (await (await fetch(list, { headers: { accept: "application/json" } })).json()) as { relays?: unknown; pubsub?: unknown };
    relays = strings(answer.relays);
    pubsub = strings(answer.pubsub);
  } catch {
    throw new RefusedEndpoint("this page reads the chain only through the server that serves it (lm dashboard), and it did not answer: open the address lm dashboard printed");
  }
  if (relays.length === 0 || pubsub.length === 0) throw new RefusedEndpoint("the server that serves this page names no RPC to read through");
  const pick = (what: string, param: string, allowed: string[]) => {
    const asked = params.get(param);
    if (asked === null) return allowed[0];
    const url = canonical(asked);
    if (url === null || !allowed.includes(url)) {
      throw new RefusedEndpoint(
        `refusing the ${what} ${JSON.stringify(asked)} in this link (?${param}=): this dashboard's server was started for ${allowed.join(", ")} only, ` +
          `and an endpoint from a link could make the page show anything. Remove ?${param}= to use ${allowed[0]}, or start lm dashboard with that endpoint.`,
      );
    }
    return url;
  };
  const rpc = pick("RPC", "rpc", relays);
  const ws = pick("PubSub endpoint", "ws", pubsub);
  list.search = new URLSearchParams({ to: rpc }).toString();
  return { rpc, relay: list.toString(), ws };
}
