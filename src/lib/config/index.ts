/**
 * The kumactl configuration file (`~/.kumactl/config`): the data and its edits (./model.ts), reading
 * (./decode.ts), the file on disk (./file.ts, written by ./atomic-write.ts), kumactl's YAML form (./serialize.ts), redaction
 * (./redact.ts) and which control plane a command talks to (./target.ts).
 */
export * from './model.js';
export { parseConfig } from './decode.js';
export { configPath, createConfigOnFirstUse, loadConfig, saveConfig } from './file.js';
export { serializeConfig } from './serialize.js';
export { REDACTED, maskSecrets, maskUrl } from './redact.js';
export { resolveTarget } from './target.js';
export { yamlScalar } from '../output/yaml-scalar.js';
