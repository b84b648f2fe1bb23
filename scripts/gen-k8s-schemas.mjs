#!/usr/bin/env node
// Generates the JSON Schemas (draft-07) of Kuma's Kubernetes-only kinds: the kuma.io/v1alpha1 CRDs that
// have no Universal resource type (ContainerPatch, MeshGatewayConfig, MeshGatewayInstance in Kuma 2.14),
// into schemas/kubernetes/<Kind>.json, plus schemas/kubernetes/index.json. `validate` checks documents
// of these kinds against them; `apply` refuses them (no Universal control plane has them).
//
// Usage: npm run build && node scripts/gen-k8s-schemas.mjs CRD-DIR
//   CRD-DIR holds Kuma's CRDs (kuma.io_*.yaml), e.g. deployments/charts/kuma/crds/ of a Kuma 2.14.3
//   checkout, or extracted from a bare mirror:
//     for f in $(git --git-dir=M ls-tree --name-only v2.14.3 deployments/charts/kuma/crds/); do
//       git --git-dir=M show v2.14.3:$f > CRD-DIR/$(basename $f); done
//   The Universal types are read from the build's registry (dist/), so that every other CRD is known.
//
// The whole object is described (apiVersion, kind, metadata, spec, status), from the CRD's
// openAPIV3Schema of version v1alpha1, converted as scripts/gen-schemas.mjs converts OpenAPI (prose and
// x-* keywords dropped, objects with properties closed, int-or-string as anyOf).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { makeOpenApiConverter } from './gen-schemas.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO_ROOT, 'schemas', 'kubernetes');
const KUMA_VERSION = '2.14.3';

/**
 * Kubernetes quantities (`anyOf: [integer, string]` next to a `pattern`): the pattern is for the string
 * form, so it moves into that branch (ajv's strict mode wants a pattern next to a string type).
 */
function patternsIntoStringBranches(node) {
  if (Array.isArray(node)) return node.forEach(patternsIntoStringBranches);
  if (!node || typeof node !== 'object') return;
  if (node.pattern !== undefined && node.type === undefined && Array.isArray(node.anyOf)) {
    for (const b of node.anyOf) if (b.type === 'string') b.pattern = node.pattern;
    delete node.pattern;
  }
  for (const v of Object.values(node)) patternsIntoStringBranches(v);
}

function fail(msg) {
  throw new Error(`gen-k8s-schemas: ${msg}`);
}

async function main() {
  const crdDir = process.argv[2] ?? fail('pass the directory of Kuma\'s CRDs (kuma.io_*.yaml) as the first argument');
  const registry = path.join(REPO_ROOT, 'dist', 'lib', 'resources', 'registry.js');
  if (!fs.existsSync(registry)) fail('dist/ is missing: run `npm run build` first');
  const { RESOURCE_TYPES } = await import(registry);
  const universal = new Set(RESOURCE_TYPES.map((t) => t.name));
  const convert = makeOpenApiConverter({ components: { schemas: {} } });

  const kinds = {};
  const schemas = new Map();
  for (const file of fs.readdirSync(crdDir).filter((f) => /^kuma\.io_.*\.ya?ml$/.test(f)).sort()) {
    const crd = YAML.parse(fs.readFileSync(path.join(crdDir, file), 'utf8'));
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec?.group !== 'kuma.io') continue;
    const kind = crd.spec.names.kind;
    if (universal.has(kind)) continue;
    const version = crd.spec.versions.find((v) => v.name === 'v1alpha1') ?? fail(`${file}: no version v1alpha1`);
    const source = version.schema?.openAPIV3Schema ?? fail(`${file}: no openAPIV3Schema`);
    const converted = convert(source, kind);
    patternsIntoStringBranches(converted);
    // the API server requires these of every object (apiVersion and kind are checked by the reader)
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $id: `kuma-k8s:${kind}`, ...converted, required: ['apiVersion', 'kind', 'metadata'] };
    schemas.set(kind, schema);
    kinds[kind] = { file: `${kind}.json`, scope: crd.spec.scope, source: `deployments/charts/kuma/crds/${file}` };
  }
  if (schemas.size === 0) fail(`${crdDir}: no Kubernetes-only Kuma CRD found`);

  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.json')) fs.rmSync(path.join(OUT_DIR, f));
  for (const [kind, schema] of schemas) fs.writeFileSync(path.join(OUT_DIR, `${kind}.json`), `${JSON.stringify(schema, null, 2)}\n`);
  const index = { kumaVersion: KUMA_VERSION, generatedBy: 'scripts/gen-k8s-schemas.mjs', kinds };
  fs.writeFileSync(path.join(OUT_DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(`wrote ${schemas.size} schemas (${Object.keys(kinds).join(', ')}) + index.json to ${path.relative(process.cwd(), OUT_DIR) || '.'}\n`);
}

await main();
