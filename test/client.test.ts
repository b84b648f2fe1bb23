import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KumaClient, KumaApiError, UnreachableError, USER_AGENT } from '../src/lib/client/index.js';
import { typeByName } from '../src/lib/resources/registry.js';
import * as transport from '../src/lib/client/transport.js';
import * as undici from 'undici';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A real HTTP server on loopback answering with `handler`; counts the requests it saw. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res, seen.length);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const meshType = typeByName('Mesh')!;

describe('Kuma API client', () => {
  it("loads undici's own Agent and request, not look-alikes (an undici upgrade that moves them fails here)", () => {
    expect(transport.Agent).toBe(undici.Agent);
    expect(transport.requestOn).toBe(undici.Dispatcher.prototype.request);
  });

  it('retries an idempotent request through 502/503 answers', async () => {
    const { url, seen } = await serve((_req, res, n) => {
      if (n < 3) res.writeHead(503).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"total":0,"items":[],"next":null}');
    });
    const client = new KumaClient({ apiServer: { url }, timeoutMs: 5000 });
    try {
      expect((await client.list(meshType, {})).total).toBe(0);
      expect(seen).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('never retries a 4xx, and prints a Kuma error as kumactl does', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({ type: '/std-errors', status: 400, title: 'Could not process a resource', detail: 'Resource is not valid', invalid_parameters: [{ field: 'name', reason: 'cannot be empty' }] }),
      );
    });
    const client = new KumaClient({ apiServer: { url }, timeoutMs: 5000 });
    try {
      const err = await client.put(meshType, { type: 'Mesh', name: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KumaApiError);
      expect((err as KumaApiError).message).toBe('Could not process a resource (Resource is not valid)\n* name: cannot be empty');
      expect((err as KumaApiError).exitCode).toBe(4);
      expect(seen).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('gives up on a control plane that keeps failing with exit code 5', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(502).end('bad gateway'));
    const client = new KumaClient({ apiServer: { url }, timeoutMs: 5000, attempts: 3 });
    try {
      const err = await client.get(meshType, undefined, 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect(seen).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('bounds every request with the API timeout', async () => {
    const { url } = await serve(() => undefined); // never answers
    const client = new KumaClient({ apiServer: { url }, timeoutMs: 300, attempts: 1 });
    try {
      const err = (await client.index().catch((e: unknown) => e)) as UnreachableError;
      expect(err.message).toMatch(/no answer within the API timeout \(0\.3s; --api-timeout sets it\)/);
      expect(err.exitCode).toBe(5);
    } finally {
      await client.close();
    }
  });

  it('sends kumactl\'s User-Agent, the bearer token and configured headers', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"product":"Kuma","version":"2.14.3"}'));
    const client = new KumaClient({ apiServer: { url, authType: 'tokens', authConf: { token: 'abc' }, headers: [{ key: 'X-Team', value: 'payments' }] }, timeoutMs: 5000 });
    try {
      await client.index();
      expect(seen[0]!.headers['user-agent']).toBe(USER_AGENT);
      expect(USER_AGENT).toMatch(/^kumactl\/2\.14\.3 \(linux; (amd64|arm64); Kuma\/ts\)$/);
      expect(seen[0]!.headers.authorization).toBe('Bearer abc');
      expect(seen[0]!.headers['x-team']).toBe('payments');
    } finally {
      await client.close();
    }
  });

  it('sends user:password of the URL as basic auth, as kumactl (Go) does, and never in the URL', async () => {
    const { url, seen } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"product":"Kuma","version":"2.14.3"}'));
    const client = new KumaClient({ apiServer: { url: url.replace('http://', 'http://ops:p%40ss@') }, timeoutMs: 5000 });
    try {
      await client.index();
      expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('ops:p@ss').toString('base64')}`);
      expect(client.urlOf('/')).toBe(`${url}/`);
    } finally {
      await client.close();
    }
  });

  it('keeps a base path of the API server URL', async () => {
    const client = new KumaClient({ apiServer: { url: 'http://cp.example:5681/api/' }, timeoutMs: 1000 });
    expect(client.urlOf('/meshes', { size: '2', offset: '1' })).toBe('http://cp.example:5681/api/meshes?offset=1&size=2');
    await client.close();
  });
});
