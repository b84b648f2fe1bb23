// A load generator, run as its own process: N requests with C in flight over keep-alive connections.
// Usage: node load.mjs URL METHOD COUNT CONCURRENCY [BODY_FILE]
// Prints {"rps": ..., "errors": ...} on stdout.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [url, method, countArg, concurrencyArg, bodyFile] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const body = bodyFile ? readFileSync(bodyFile) : undefined;
const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
const headers = body ? { 'content-type': 'application/json' } : {};
let next = 0;
let errors = 0;

async function worker() {
  while (next < count) {
    const i = next++;
    const target = url.includes('{i}') ? url.replace('{i}', String(i % 1000)) : url;
    const res = await request(target, { method, body, headers, dispatcher });
    await res.body.arrayBuffer();
    if (res.statusCode >= 300) errors++;
  }
}

const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
await dispatcher.close();
process.stdout.write(JSON.stringify({ rps: count / seconds, errors }) + '\n');
