/** Store selection for the local control plane: `--store memory` (default) or `--store sqlite:PATH`. */
import { UsageError } from '../../errors.js';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export function openStore(spec: string): Store {
  if (spec === 'memory') return new MemoryStore();
  if (spec.startsWith('sqlite:') && spec.length > 'sqlite:'.length) {
    return SqliteStore.open(spec.slice('sqlite:'.length));
  }
  throw new UsageError(`invalid --store "${spec}": use memory or sqlite:PATH`);
}

export { MemoryStore } from './memory.js';
export { SqliteStore } from './sqlite.js';
export * from './types.js';
