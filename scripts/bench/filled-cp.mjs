// A local control plane (built code) whose memory store is filled directly with N MeshTimeouts over
// 50 meshes, to measure list pages against the total. Prints its URL on stdout.
import { MemoryStore } from '../../dist/lib/control-plane/store/memory.js';
import { ControlPlaneEngine } from '../../dist/lib/control-plane/engine.js';
import { ControlPlaneServer } from '../../dist/lib/control-plane/server.js';

const total = Number(process.argv[2]);
const store = new MemoryStore();
const now = new Date().toISOString();
for (let m = 0; m < 50; m++) {
  store.put({ type: 'Mesh', mesh: '', name: `tenant-${m}`, creationTime: now, modificationTime: now, labels: {}, spec: {} });
}
for (let i = 0; i < total; i++) {
  const mesh = `tenant-${i % 50}`;
  store.put({
    type: 'MeshTimeout',
    mesh,
    name: `timeout-${String(i).padStart(6, '0')}`,
    creationTime: now,
    modificationTime: now,
    labels: { 'kuma.io/mesh': mesh, 'kuma.io/origin': 'zone', 'kuma.io/zone': 'default', 'kuma.io/env': 'universal' },
    spec: { targetRef: { kind: 'Mesh' }, to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '30m', http: { requestTimeout: '10s' } } }] },
  });
}
// Idle memory is measured after this: without the garbage of filling (when run with --expose-gc).
globalThis.gc?.();
const server = new ControlPlaneServer(new ControlPlaneEngine(store), { address: '127.0.0.1', port: 0 });
const url = await server.listen();
process.stdout.write(`${url}\n`);
