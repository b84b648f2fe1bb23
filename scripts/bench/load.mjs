// The bench's load generator, run as its own process (as a real client is): autocannon, keep-alive
// connections, each with one request in flight, for a fixed time.
// Usage: node load.mjs '{"url": ..., "method": "GET", "connections": 16, "seconds": 3,
//                       "bodyFile": FILE?, "scatter": {"total": N, "size": 100}?}'
// With `scatter`, every request asks for a page of `size` at a random offset below `total - size`.
// Prints {"rps", "requests", "errors", "cpu"} on stdout: cpu is this process's CPU time over the wall time (1 = one
// core busy), to show whether the generator itself is the limit.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const url = new URL(options.url);
const method = options.method ?? 'GET';
const body = options.bodyFile ? readFileSync(options.bodyFile) : undefined;
const request = { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) };
if (options.scatter) {
  const { total, size } = options.scatter;
  request.setupRequest = (req) => ({ ...req, path: `${url.pathname}?size=${size}&offset=${Math.floor(Math.random() * (total - size + 1))}` });
} else request.path = `${url.pathname}${url.search}`;

const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = await autocannon({ url: url.origin, connections: options.connections ?? 16, duration: options.seconds ?? 3, requests: [request] });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    cpu: (used.user + used.system) / 1e6 / seconds,
  }) + '\n',
);
