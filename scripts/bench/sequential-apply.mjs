// The baseline of the `kumactl apply` bench row: the same requests kumactl sends, one after another
// (GET the resource, then PUT it), from one Node process over a single keep-alive connection.
// Usage: node sequential-apply.mjs CP_URL FILE
// Exits non-zero if any PUT fails; prints {"resources": N, "ms": ...} on stdout.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { Client } from 'undici';
import { typeByName } from '../../dist/lib/resources/registry.js';

const [url, file] = process.argv.slice(2);
const start = process.hrtime.bigint();
const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
// Meshes first, as kumactl apply orders them; document order otherwise.
docs.sort((a, b) => Number(b.type === 'Mesh') - Number(a.type === 'Mesh'));

const client = new Client(url, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
let failed = 0;
for (const doc of docs) {
  const type = typeByName(doc.type);
  if (!type) throw new Error(`unknown type ${doc.type}`);
  const path = type.scope === 'Mesh' ? `/meshes/${doc.mesh}/${type.path}/${doc.name}` : `/${type.path}/${doc.name}`;
  const got = await client.request({ path, method: 'GET' });
  await got.body.arrayBuffer();
  const put = await client.request({ path, method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  const text = await put.body.text();
  if (put.statusCode >= 300) {
    failed++;
    process.stderr.write(`${doc.type} ${doc.mesh ?? ''} ${doc.name}: ${put.statusCode} ${text}\n`);
  }
}
await client.close();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ resources: docs.length, ms }) + '\n');
process.exit(failed > 0 ? 1 : 0);
