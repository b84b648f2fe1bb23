/** The local control plane's PKI: see ./pki/index.ts (keys, builtin CA, provided-CA checks). */
export * from './pki/index.js';
