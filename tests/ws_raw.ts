/**
 * A bare WebSocket client over a TCP socket, for the validator's PubSub tests: it can send
 * anything (an oversized frame, a flood of requests), stop reading to play a slow client, and
 * tell when the server closed the connection. Node 20 has no WebSocket global, and `ws` is not a
 * dependency of this project.
 */
import { createHash, randomBytes } from "node:crypto";
import { connect, Socket } from "node:net";

interface Waiter {
  match: (message: any) => boolean;
  done: (message: any) => void;
}

export class RawWs {
  /** Text messages received (JSON), in order; only kept while `keep` is true. */
  readonly messages: any[] = [];
  keep = true;
  /** Text messages received in all. */
  count = 0;
  /** Resolves when the server closed the connection (a close frame, EOF or a reset). */
  readonly closed: Promise<void>;
  isClosed = false;
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private waiters: Waiter[] = [];
  private nextId = 1;

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((done) => {
      const finish = () => {
        this.isClosed = true;
        done();
      };
      socket.once("close", finish);
      socket.once("end", finish);
    });
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
  }

  /** Open a connection to `url` (ws://host:port) and complete the handshake. */
  static open(url: string): Promise<RawWs> {
    const { hostname, port } = new URL(url);
    return new Promise((done, fail) => {
      const socket = connect(Number(port), hostname);
      const key = randomBytes(16).toString("base64");
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        socket.off("data", onData);
        const status = head.subarray(0, end).toString();
        const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
        if (!status.startsWith("HTTP/1.1 101") || !status.includes(accept)) return fail(new Error(`handshake refused: ${status}`));
        const ws = new RawWs(socket);
        if (head.length > end + 4) ws.receive(head.subarray(end + 4));
        done(ws);
      };
      socket.on("data", onData);
      socket.once("error", fail);
      socket.once("connect", () =>
        socket.write(
          `GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
      );
    });
  }

  /** Send a text frame (masked, as a client must). */
  sendText(text: string | Buffer): void {
    this.frame(0x1, Buffer.isBuffer(text) ? text : Buffer.from(text));
  }

  /** Send a JSON-RPC request without waiting; returns its id. */
  send(method: string, params: unknown[] = []): number {
    const id = this.nextId++;
    this.sendText(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return id;
  }

  /** Send a JSON-RPC request and wait for its response (the whole object: result or error). */
  async request(method: string, params: unknown[] = [], ms = 5_000): Promise<any> {
    const id = this.send(method, params);
    return this.next((m) => m.id === id, ms, `the response to ${method}`);
  }

  /** The first message (already received or coming) that `match`es, or a rejection after `ms`. */
  next(match: (message: any) => boolean, ms = 5_000, what = "a message"): Promise<any> {
    const index = this.messages.findIndex(match);
    if (index >= 0) return Promise.resolve(this.messages.splice(index, 1)[0]);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        fail(new Error(`no ${what} within ${ms} ms`));
      }, ms);
      const waiter: Waiter = {
        match,
        done: (message) => {
          clearTimeout(timer);
          done(message);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Stop reading: the kernel's buffers fill and the server's writes stall. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }

  private frame(opcode: number, payload: Buffer): void {
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, 0x80 | length])
        : length < 65_536
          ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigEndian64(length)]);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i & 3];
    if (!this.socket.destroyed) this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x8) {
        this.socket.end();
        continue;
      }
      if (opcode === 0x9) {
        this.frame(0xa, Buffer.from(payload));
        continue;
      }
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      this.fragments.push(Buffer.from(payload));
      if (!fin) continue;
      const text = Buffer.concat(this.fragments).toString();
      this.fragments = [];
      this.count++;
      this.deliver(JSON.parse(text));
    }
  }

  private deliver(message: any): void {
    const waiter = this.waiters.find((w) => w.match(message));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.done(message);
    } else if (this.keep) {
      this.messages.push(message);
    }
  }
}

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}
