// A local control plane (built code, memory store, no default mesh) that has generated N RSA keys
// before it prints its URL: creating a Mesh then takes a ready key instead of generating one (about
// 0.2 s of CPU each on the bench machine), so a run measures the client and the requests, not key
// generation. No key is generated after start unless more than N are asked for.
import { MemoryStore } from '../../dist/lib/control-plane/store/memory.js';
import { ControlPlaneEngine } from '../../dist/lib/control-plane/engine.js';
import { ControlPlaneServer } from '../../dist/lib/control-plane/server.js';
import { generateRsaKey } from '../../dist/lib/control-plane/pki.js';

const count = Number(process.argv[2]);
const ready = await Promise.all(Array.from({ length: count }, () => generateRsaKey(2048)));
const keys = { take: async (bits) => (bits === 2048 && ready.length > 0 ? ready.pop() : generateRsaKey(bits)) };
const engine = new ControlPlaneEngine(new MemoryStore(), { readOnly: false, keys });
await engine.boot({ skipDefaultMesh: true });
const server = new ControlPlaneServer(engine, { address: '127.0.0.1', port: 0 });
process.stdout.write(`${await server.listen()}\n`);
