// Measure the stores (built, from dist/): fill with 1,000 and then 100,000 MeshTimeout-like resources
// over 50 meshes; print time per unfiltered 100-item list page (offset 0 and the middle), per put, and
// memory after filling the memory store with 100,000.
//   npx tsc -p tsconfig.json && node --expose-gc scripts/measure-store.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { MemoryStore } = await import('../dist/lib/control-plane/store/memory.js');
const { SqliteStore } = await import('../dist/lib/control-plane/store/sqlite.js');

const MESHES = 50;
const PAGE = 100;
const gc = globalThis.gc ?? (() => {});

function resource(i) {
  const mesh = `mesh-${String(i % MESHES).padStart(2, '0')}`;
  const now = '2026-11-26T20:00:00.123456789Z';
  return {
    type: 'MeshTimeout',
    mesh,
    name: `timeout-${String(i).padStart(6, '0')}-${(i * 2654435761) % 4294967296}`,
    creationTime: now,
    modificationTime: now,
    labels: { 'kuma.io/mesh': mesh, 'kuma.io/origin': 'zone', 'kuma.io/zone': 'zone-1', team: `team-${i % 7}` },
    spec: {
      targetRef: { kind: 'Mesh' },
      to: [
        {
          targetRef: { kind: 'MeshService', name: `backend-${i % 100}` },
          default: { idleTimeout: '20s', connectionTimeout: '2s', http: { requestTimeout: '15s', streamIdleTimeout: '30m' } },
        },
      ],
    },
  };
}

/** Median of `runs` timings of fn, in microseconds. */
function time(fn, runs = 200) {
  for (let i = 0; i < 20; i++) fn(i); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

function measure(label, store, total, from) {
  const t = process.hrtime.bigint();
  for (let i = from; i < total; i++) store.put(resource(i));
  const putUs = Number(process.hrtime.bigint() - t) / 1000 / (total - from);
  const first = time(() => store.list({ type: 'MeshTimeout', offset: 0, limit: PAGE }));
  const middle = time(() => store.list({ type: 'MeshTimeout', offset: Math.floor(total / 2), limit: PAGE }));
  const oneMesh = time(() => store.list({ type: 'MeshTimeout', mesh: 'mesh-25', offset: Math.floor(total / MESHES / 2), limit: PAGE }));
  const count = time(() => store.count('MeshTimeout'));
  const filtered = time(() => store.list({ type: 'MeshTimeout', labels: { team: 'team-3' }, offset: 0, limit: PAGE }), 20);
  console.log(
    `${label.padEnd(7)} ${String(total).padStart(7)} resources: put ${fmt(putUs)}/op | page@0 ${fmt(first)} | ` +
      `page@${Math.floor(total / 2)} ${fmt(middle)} | one-mesh page@middle ${fmt(oneMesh)} | count ${fmt(count)} | ` +
      `label-filtered page ${fmt(filtered)}`,
  );
}

// Memory store.
gc();
const baseHeap = process.memoryUsage().heapUsed;
const memory = new MemoryStore();
measure('memory', memory, 1_000, 0);
measure('memory', memory, 100_000, 1_000);
gc();
const mem = process.memoryUsage();
console.log(
  `memory  after 100,000: heapUsed ${mb(mem.heapUsed)} (${mb(mem.heapUsed - baseHeap)} above empty, ` +
    `${((mem.heapUsed - baseHeap) / 100_000).toFixed(0)} B/resource), rss ${mb(mem.rss)}` +
    (globalThis.gc ? '' : ' [run with --expose-gc for settled numbers]'),
);
memory.close();

// SQLite store.
const dir = mkdtempSync(join(tmpdir(), 'kumactl-measure-'));
try {
  const sqlite = SqliteStore.open(join(dir, 'state.db'));
  measure('sqlite', sqlite, 1_000, 0);
  measure('sqlite', sqlite, 100_000, 1_000);
  sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
