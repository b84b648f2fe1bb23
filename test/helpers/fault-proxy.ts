/**
 * A programmable HTTP proxy on loopback for reliability tests: it sits between the CLI and a local
 * control plane, forwards every request, records it, and lets a rule inject a fault per request.
 *
 *   const proxy = await startFaultProxy(cp.url);
 *   proxy.rule = (req, n) => (req.method === 'PUT' && n < 2 ? { kind: 'status', status: 503 } : undefined);
 *   ... run the CLI against proxy.url ...
 *   proxy.clear(); // pure forwarding again (and listening again after refuse())
 *
 * Times in the log are `performance.now()` of this process, so a test can compare them with the
 * moment it signalled a child.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export type Fault =
  /** Answer this status without forwarding (the control plane never sees the request). */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /** Forward, then send the headers and `bytes` of the body and reset the connection (TCP RST). */
  | { kind: 'reset'; bytes?: number }
  /** Forward now, hold the answer (headers included) for `ms`. */
  | { kind: 'slow'; ms: number }
  /** Forward now, hold the answer (headers included) until `until` settles: an event, not a clock. */
  | { kind: 'hold'; until: Promise<unknown> }
  /**
   * Forward, then answer only the first `bytes` of the body. `length`: announce the full
   * content-length and close the connection early; `none`: a well-formed (chunked) response whose
   * body is simply shorter.
   */
  | { kind: 'truncate'; mode: 'length' | 'none'; bytes?: number }
  /** Not a Kuma control plane: answer `body` with 200, without forwarding. */
  | { kind: 'impostor'; body: string; contentType: string }
  /** This request's connection is dropped and the proxy stops listening: connections are refused until clear(). */
  | { kind: 'down' };

export interface SeenRequest {
  method: string;
  path: string;
  /** Index of the request since the proxy started (0-based). */
  n: number;
  /** performance.now() when the request arrived. */
  start: number;
  /** performance.now() when the proxy finished answering it (or gave up on it). */
  end?: number;
  /** The status sent (undefined when the connection was dropped before any status). */
  status?: number;
  /** The fault injected, if any. */
  fault?: Fault['kind'];
}

export type Rule = (req: SeenRequest, n: number) => Fault | undefined;

export interface FaultProxy {
  /** http://127.0.0.1:PORT; the port stays the same across refuse()/clear(). */
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly log: SeenRequest[];
  /** Chooses a fault per request; `n` counts requests since the rule was set. */
  rule: Rule | undefined;
  /**
   * Stop listening and drop every open connection: clients get ECONNREFUSED until clear() listens on
   * the same port again. (Meanwhile the port is free; another listener taking that very port in the
   * few seconds is possible in theory, and clear() then fails with EADDRINUSE.)
   */
  refuse(): Promise<void>;
  /** Back to pure forwarding, listening again if refused. The log is kept. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** `status` for the next `count` requests that `match` (all by default), then forwarding. */
export function burst(count: number, status: number, match: (req: SeenRequest) => boolean = () => true): Rule {
  let left = count;
  return (req) => {
    if (left <= 0 || !match(req)) return undefined;
    left--;
    return { kind: 'status', status, body: `upstream answered ${status}` };
  };
}

/** Every request gets `fault`. */
export const always =
  (fault: Fault): Rule =>
  () =>
    fault;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const log: SeenRequest[] = [];
  let server: Server;
  let port = 0;
  let ruleCount = 0;
  let currentRule: Rule | undefined;
  let refused = false;
  let closed = false;
  const pendingTimers = new Set<NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      pendingTimers.delete(t);
      fn();
    }, ms);
    pendingTimers.add(t);
  };

  /** Forward to the control plane and buffer its whole answer. */
  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      delete headers.connection;
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') h[k] = v;
          resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, entry: SeenRequest, fault: Fault | undefined): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const socket = req.socket as Socket;
    const finish = (status?: number) => {
      entry.end = performance.now();
      if (status !== undefined) entry.status = status;
    };
    switch (fault?.kind) {
      case 'down':
        finish();
        socket.destroy();
        await refuse();
        return;
      case 'status': {
        const text = fault.body ?? '';
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/plain', 'content-length': Buffer.byteLength(text) }).end(text);
        finish(fault.status);
        return;
      }
      case 'impostor':
        res.writeHead(200, { 'content-type': fault.contentType, 'content-length': Buffer.byteLength(fault.body) }).end(fault.body);
        finish(200);
        return;
      default:
        break;
    }
    const answer = await forward(req, body);
    const full = { ...answer.headers, 'content-length': String(answer.body.length) };
    switch (fault?.kind) {
      case 'slow':
        later(fault.ms, () => {
          if (!socket.destroyed) res.writeHead(answer.status, full).end(answer.body);
          finish(answer.status);
        });
        return;
      case 'hold':
        void fault.until.finally(() => {
          if (!closed && !socket.destroyed) res.writeHead(answer.status, full).end(answer.body);
          finish(answer.status);
        });
        return;
      case 'reset': {
        const part = answer.body.subarray(0, fault.bytes ?? Math.floor(answer.body.length / 2));
        res.writeHead(answer.status, full);
        res.write(part, () => socket.resetAndDestroy());
        finish(answer.status);
        return;
      }
      case 'truncate': {
        const part = answer.body.subarray(0, fault.bytes ?? Math.floor(answer.body.length / 2));
        if (fault.mode === 'length') {
          res.writeHead(answer.status, full);
          res.write(part, () => socket.end());
        } else {
          const { 'content-length': _dropped, ...rest } = full;
          res.writeHead(answer.status, { ...rest, connection: 'close' }).end(part);
        }
        finish(answer.status);
        return;
      }
      default:
        res.writeHead(answer.status, full).end(answer.body);
        finish(answer.status);
    }
  };

  const listen = (): Promise<void> => {
    server = createServer((req, res) => {
      const entry: SeenRequest = { method: req.method ?? '', path: req.url ?? '', n: log.length, start: performance.now() };
      log.push(entry);
      const fault = currentRule?.(entry, ruleCount++);
      if (fault) entry.fault = fault.kind;
      handle(req, res, entry, fault).catch((err: Error) => {
        entry.end = performance.now();
        if (!res.headersSent && !req.socket.destroyed) res.writeHead(599, { 'content-type': 'text/plain' }).end(`fault proxy: ${err.message}`);
        else req.socket.destroy();
      });
    });
    server.keepAliveTimeout = 10_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  };

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const refuse = async (): Promise<void> => {
    if (refused || closed) return;
    refused = true;
    await stop();
  };

  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    log,
    get rule() {
      return currentRule;
    },
    set rule(rule: Rule | undefined) {
      currentRule = rule;
      ruleCount = 0;
    },
    refuse,
    async clear() {
      currentRule = undefined;
      ruleCount = 0;
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      if (refused) {
        refused = false;
        await listen();
      }
    },
    async close() {
      closed = true;
      for (const t of pendingTimers) clearTimeout(t);
      if (!refused) await stop();
      agent.destroy();
    },
  };
}
