// The baseline of the `kumactl apply` bench row: the same requests kumactl sends, one after another
// (GET the resource, then PUT it), from one Node process over a single keep-alive connection.
// With `put-only`, the floor instead: no reads and no validation, only the PUTs, 8 in flight (Meshes
// first): what any client could at best do against the same control plane.
// Usage: node sequential-apply.mjs CP_URL FILE [put-only]
// Exits non-zero if any PUT fails; prints {"resources": N, "ms": ...} on stdout.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Agent } from 'undici';
import { typeByName } from '../../dist/lib/resources/registry.js';

const [url, file, mode] = process.argv.slice(2);
const putOnly = mode === 'put-only';
const start = process.hrtime.bigint();
const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
// Meshes first, as kumactl apply orders them; document order otherwise.
docs.sort((a, b) => Number(b.type === 'Mesh') - Number(a.type === 'Mesh'));

const dispatcher = new Agent({ connections: putOnly ? 8 : 1, pipelining: 1, keepAliveTimeout: 30_000 });
const origin = new URL(url).origin;
let failed = 0;
const pathOf = (doc) => {
  const type = typeByName(doc.type);
  if (!type) throw new Error(`unknown type ${doc.type}`);
  return type.scope === 'Mesh' ? `/meshes/${doc.mesh}/${type.path}/${doc.name}` : `/${type.path}/${doc.name}`;
};
async function put(doc) {
  const res = await dispatcher.request({ origin, path: pathOf(doc), method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  const text = await res.body.text();
  if (res.statusCode >= 300) {
    failed++;
    process.stderr.write(`${doc.type} ${doc.mesh ?? ''} ${doc.name}: ${res.statusCode} ${text}\n`);
  }
}

if (putOnly) {
  const inFlight = async (batch) => {
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < batch.length) await put(batch[next++]);
    }));
  };
  await inFlight(docs.filter((d) => d.type === 'Mesh'));
  await inFlight(docs.filter((d) => d.type !== 'Mesh'));
} else {
  for (const doc of docs) {
    const got = await dispatcher.request({ origin, path: pathOf(doc), method: 'GET' });
    await got.body.arrayBuffer();
    await put(doc);
  }
}
await dispatcher.close();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ resources: docs.length, ms }) + '\n');
process.exit(failed > 0 ? 1 : 0);
