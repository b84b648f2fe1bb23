/** The flags of `kumactl get`, as plain data: src/commands/get.ts and the fast path (./fast.ts) both read them from here. */
import type { FlagTable } from '../config/flag-table.js';
import { OUTPUT_FORMATS } from './index.js';

export const GET_FLAGS = {
  mesh: { type: 'string', char: 'm', summary: 'Mesh to read mesh-scoped resources from' },
  'all-meshes': { type: 'boolean', char: 'A', summary: 'List mesh-scoped resources of every mesh', default: false },
  output: { type: 'string', char: 'o', summary: 'Output format', options: OUTPUT_FORMATS, default: 'table' },
  size: { type: 'integer', summary: 'Maximum number of elements to return', min: 1, max: 1000 },
  offset: { type: 'string', summary: 'The offset that indicates the starting element of the list' },
} as const satisfies FlagTable;
