#!/usr/bin/env node
// Turns Kuma 2.14.3's validator unit tests (the Ginkgo *_test.go files under
// reference/kuma-2.14.3/go-validators) into our fixtures: test/fixtures/kuma-cases/<Type>.json,
// one Universal document per table entry with Kuma's verdict and expected violations.
// Entries that cannot become a document are listed under `skipped` with the reason.
//
//   node scripts/kuma-cases/extract.mjs [--reference DIR] [--kuma-git GITDIR]
//
// A few tests read their inputs from testdata/ folders that go-validators does not carry; those are
// read from a Kuma git mirror at tag v2.14.3 (--kuma-git, default /work/.mirror/kumahq+kuma/repo).
// The output is deterministic: running it twice gives identical files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { readTables, tokenize, skipGroup, splitArgs, parseExpr } from './goparse.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const REF = opt('--reference', join(root, '..', '..', 'shared', 'reference', 'kuma-2.14.3', 'go-validators'));
const refDir = existsSync(REF) ? REF : '/work/shared/reference/kuma-2.14.3/go-validators';
const KUMA_GIT = opt('--kuma-git', '/work/.mirror/kumahq+kuma/repo');
const TAG = 'v2.14.3';
const OUT = join(root, 'test', 'fixtures', 'kuma-cases');

// The registry's shape of each type (spec-wrapped or flat) and its scope, read from the TypeScript
// source so that this script needs no build.
function readRegistry() {
  const src = readFileSync(join(root, 'src', 'lib', 'resources', 'registry.ts'), 'utf8');
  const rows = new Map();
  for (const m of src.matchAll(/\{ name: '(\w+)'([^\n]*)\},?\n/g)) {
    const rest = m[2];
    const category = /category: '([\w-]+)'/.exec(rest)?.[1];
    const shape = /shape: '(\w+)'/.exec(rest)?.[1] ?? (category === 'legacy-policy' ? 'flat' : 'spec');
    const scope = /scope: '(\w+)'/.exec(rest)?.[1] ?? 'Mesh';
    rows.set(m[1], { shape, scope });
  }
  return rows;
}
const REGISTRY = readRegistry();

// Which type each test file is about.
const LEGACY = {
  'circuit_breaker': 'CircuitBreaker',
  'dataplane': 'Dataplane',
  'external_service': 'ExternalService',
  'fault_injection': 'FaultInjection',
  'gateway_route': 'MeshGatewayRoute',
  'gateway': 'MeshGateway',
  'health_check': 'HealthCheck',
  'mesh': 'Mesh',
  'proxytemplate': 'ProxyTemplate',
  'rate_limit': 'RateLimit',
  'retry': 'Retry',
  'timeout': 'Timeout',
  'traffic_log': 'TrafficLog',
  'traffic_permission': 'TrafficPermission',
  'traffic_route': 'TrafficRoute',
  'traffic_trace': 'TrafficTrace',
  'virtual_outbound': 'VirtualOutbound',
  'zone_egress': 'ZoneEgress',
  'zone_ingress': 'ZoneIngress',
};
const NEW_TYPES = {
  hostnamegenerator: 'HostnameGenerator',
  meshexternalservice: 'MeshExternalService',
  meshidentity: 'MeshIdentity',
  meshmultizoneservice: 'MeshMultiZoneService',
  meshopentelemetrybackend: 'MeshOpenTelemetryBackend',
  meshservice: 'MeshService',
  meshtrust: 'MeshTrust',
  workload: 'Workload',
  meshaccesslog: 'MeshAccessLog',
  meshcircuitbreaker: 'MeshCircuitBreaker',
  meshfaultinjection: 'MeshFaultInjection',
  meshhealthcheck: 'MeshHealthCheck',
  meshhttproute: 'MeshHTTPRoute',
  meshloadbalancingstrategy: 'MeshLoadBalancingStrategy',
  meshmetric: 'MeshMetric',
  meshpassthrough: 'MeshPassthrough',
  meshproxypatch: 'MeshProxyPatch',
  meshratelimit: 'MeshRateLimit',
  meshretry: 'MeshRetry',
  meshtcproute: 'MeshTCPRoute',
  meshtimeout: 'MeshTimeout',
  meshtls: 'MeshTLS',
  meshtrace: 'MeshTrace',
  meshtrafficpermission: 'MeshTrafficPermission',
};

/** Files that test helpers or other code, not a resource type's validation: why each is not turned into documents. */
const NOT_RESOURCES = {
  'app/kuma-dp/pkg/config/validate_test.go': 'kuma-dp configuration (token file check), not a resource',
  'pkg/core/validators/types_test.go': 'the ValidationError type itself (building, appending, paths), not a resource',
  'pkg/core/validators/common_validators_test.go': 'a helper (ValidateBandwidth, ValidateOtelAttributeName) called on a bare string at a made-up path, not a resource; the rules are exercised through the policies that use them',
  'pkg/core/resources/apis/mesh/validators_test.go': 'helpers (AllowedValuesHint, ValidateSelector with a custom key validator, ValidateTargetRef with per-call options) on bare values, not a resource; the targetRef rules are exercised through every policy type',
  'pkg/plugins/policies/core/jsonpatch/validators/validator_test.go': 'a helper (ValidateJsonPatchBlock) on bare patch blocks rooted at "jsonPatches", not a resource; MeshProxyPatch cases exercise it inside a document',
  'pkg/core/managers/apis/dataplane/membership_validator_test.go': 'mesh membership constraints checked by the resource manager when a Dataplane is created in a mesh with constraints; the inputs are Go structs built in code and the check needs the Mesh, not a single document',
  'pkg/core/secrets/manager/validator_test.go': 'a delete-time check (a Secret still used by a mesh cannot be deleted) against a store, not a document',
  'pkg/plugins/ca/provided/ca_cert_validator_test.go': 'certificates generated in code for the provided CA backend, not a document',
};

const KEEP = new Set(['exceptions.json', 'known-gaps.json']);
const META_KEYS = new Set(['type', 'name', 'mesh', 'labels', 'creationTime', 'modificationTime']);

function typeOf(rel) {
  const legacy = /^pkg\/core\/resources\/apis\/mesh\/(\w+)_validator_test\.go$/.exec(rel);
  if (legacy) return LEGACY[legacy[1]];
  const m = /\/(?:apis|policies)\/(\w+)\/api\/v1alpha1\//.exec(rel);
  if (m) return NEW_TYPES[m[1]];
  return undefined;
}

function gitShow(path) {
  try {
    return execFileSync('git', ['--git-dir', KUMA_GIT, 'show', `${TAG}:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
function gitLs(dir) {
  try {
    return execFileSync('git', ['--git-dir', KUMA_GIT, 'ls-tree', '--name-only', `${TAG}:${dir}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean)
      .sort();
  } catch {
    return undefined;
  }
}

/** Go's Ginkgo YAML comparisons accept indented blocks; so does `yaml` once common indentation is removed. */
function dedent(s) {
  const lines = s.split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)[0].length));
  return Number.isFinite(ind) ? lines.map((l) => l.slice(ind)).join('\n') : s;
}

function parseInput(yamlText) {
  const text = dedent(yamlText.replace(/\t/g, '    '));
  const v = parseYaml(text, { version: '1.2' });
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('input is not a YAML mapping');
  return v;
}

function parseExpected(yamlText) {
  const v = parseYaml(dedent(yamlText.replace(/\t/g, '    ')));
  if (v === null || v === undefined || v === '') return [];
  const list = v.violations ?? v.Violations;
  if (!Array.isArray(list)) throw new Error('expected has no violations list');
  return list.map((x) => ({ field: String(x.field ?? x.Field ?? ''), message: String(x.message ?? x.Message ?? '') }));
}

/** The Universal document the Go test feeds to Validate(): its Spec from `input`, and the meta the test sets. */
function documentFor(type, input, meta = {}) {
  const reg = REGISTRY.get(type);
  if (!reg) throw new Error(`type ${type} is not in our registry`);
  const specFields = {};
  for (const [k, v] of Object.entries(input)) if (!META_KEYS.has(k)) specFields[k] = v;
  const doc = { type };
  doc.name = meta.name ?? 'case';
  if (reg.scope === 'Mesh') doc.mesh = meta.mesh ?? 'default';
  if (reg.shape === 'spec') doc.spec = specFields;
  else Object.assign(doc, specFields);
  return doc;
}

function violationsFromExpr(e) {
  // validators.Violation{Field: ..., Message: ...} or []validators.Violation{{...}, {...}}
  if (e.kind !== 'comp') return undefined;
  if (/Violation$/.test(e.type.replace(/\s/g, '')) && !e.type.includes('[')) {
    const f = strValue(e.elems.find((x) => x.key === 'Field')?.value);
    const m = strValue(e.elems.find((x) => x.key === 'Message')?.value);
    if (f === undefined || m === undefined) return undefined;
    return [{ field: f, message: m }];
  }
  const out = [];
  for (const el of e.elems) {
    const inner = el.value.kind === 'comp' ? { ...el.value, type: 'validators.Violation' } : el.value;
    const v = violationsFromExpr(inner);
    if (!v) return undefined;
    out.push(...v);
  }
  return out;
}

/** Kuma's message constants (pkg/core/validators/messages.go), for tests that build expected text from them. */
const CONSTS = (() => {
  const out = new Map();
  const src = readFileSync(join(refDir, 'pkg', 'core', 'validators', 'messages.go'), 'utf8');
  for (const m of src.matchAll(/^\t(\w+)\s+= ("(?:[^"\\]|\\.)*")$/gm)) out.set(m[1], JSON.parse(m[2]));
  return out;
})();

/** A string-valued Go expression: a literal, a validators.X constant, a + concatenation, or fmt.Sprintf of those. */
function strValue(e) {
  if (!e) return undefined;
  if (e.kind === 'str') return e.v;
  if (e.kind === 'call' && e.fn.replace(/\s/g, '') === 'fmt.Sprintf') {
    const [f, ...rest] = e.args.map(strValue);
    if (f === undefined || rest.some((x) => x === undefined)) return undefined;
    let i = 0;
    return f.replace(/%[sv]/g, () => rest[i++]);
  }
  if (e.kind === 'call' && e.fn === 'string' && e.args.length === 1 && e.args[0].kind === 'call' && e.args[0].fn === 'make') {
    const m = /^(\d+)$/.exec(e.args[0].args[1]?.text ?? '');
    if (/^\[ \] byte$/.test(e.args[0].args[0]?.text ?? '') && m) return '\u0000'.repeat(Number(m[1]));
    return undefined;
  }
  if (e.kind === 'other') {
    const make = /^(.*?)(?: \+ )?string \( make \( \[ \] byte , (\d+) \) \)$/.exec(e.text);
    if (make) {
      const head = make[1] ? strValue({ kind: 'other', text: make[1] }) : '';
      return head === undefined ? undefined : head + '\u0000'.repeat(Number(make[2]));
    }
    const parts = e.text.split(' + ');
    let out = '';
    for (const p of parts) {
      const c = /^validators \. (\w+)$/.exec(p.trim());
      if (c && CONSTS.has(c[1])) out += CONSTS.get(c[1]);
      else if (/^"(?:[^"\\]|\\.)*"$/.test(p.trim())) out += JSON.parse(p.trim());
      else return undefined;
    }
    return out;
  }
  return undefined;
}

function fieldOf(comp, key) {
  const v = comp.elems.find((x) => x.key === key)?.value;
  if (v === undefined) return undefined;
  const s = strValue(v);
  return s === undefined ? v : { kind: 'str', v: s, line: v.line };
}

class Collector {
  constructor() {
    this.byType = new Map();
  }
  file(type, source) {
    if (!this.byType.has(type)) this.byType.set(type, { type, sources: [], cases: [], skipped: [] });
    const f = this.byType.get(type);
    if (!f.sources.includes(source)) f.sources.push(source);
    return f;
  }
}

/** Tables built with Kuma's DescribeValidCases/DescribeErrorCases helpers (the input YAML feeds the spec; ConsistOf on violations). */
function helperTables(src) {
  const toks = tokenize(src);
  const out = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.t === 'id' && (t.v === 'DescribeValidCases' || t.v === 'DescribeErrorCases') && toks[i + 1]?.v === '(') {
      const end = skipGroup(toks, i + 1);
      const a = splitArgs(toks, i + 2, end - 1).map(([x, y]) => parseExpr(toks, x, y));
      out.push({ valid: t.v === 'DescribeValidCases', line: t.line, entries: a.slice(1) });
      i = end - 1;
    }
  }
  return out;
}

function handleHelperFile(col, type, rel, src) {
  const f = col.file(type, rel);
  for (const table of helperTables(src)) {
    for (const e of table.entries) {
      if (e.kind !== 'call') {
        f.skipped.push({ name: '(unreadable entry)', line: e.line, reason: 'not a table entry this script understands' });
        continue;
      }
      const name = e.args[0]?.kind === 'str' ? e.args[0].v : '(unnamed)';
      try {
        let yamlText;
        let violations = [];
        let metaName;
        if (e.fn === 'ErrorCase' || e.fn === 'ErrorCases' || e.fn === 'FErrorCase') {
          violations = violationsFromExpr(e.args[1]);
          if (!violations) throw new Skip('expected violations are built in code');
          if (e.args[2]?.kind !== 'str') throw new Skip('input is built in code');
          yamlText = e.args[2].v;
        } else if (/Entry$/.test(e.fn)) {
          const given = e.args[1];
          if (given?.kind === 'str') yamlText = given.v;
          else if (given?.kind === 'comp') {
            const r = fieldOf(given, 'Resource');
            const n = fieldOf(given, 'Name');
            const vs = fieldOf(given, 'Violations');
            if (r?.kind !== 'str') throw new Skip('input is built in code');
            if (n && n.kind !== 'str') throw new Skip(`the resource name is built in code (${n.text ?? n.kind})`);
            if (vs) {
              violations = violationsFromExpr(vs);
              if (!violations) throw new Skip('expected violations are built in code');
            }
            yamlText = r.v;
            metaName = n?.v;
          } else throw new Skip('input is built in code');
        } else throw new Skip(`entry helper ${e.fn} not understood`);
        if (!table.valid && violations.length === 0) throw new Skip('error case without expected violations');
        const input = parseInput(yamlText);
        f.cases.push({
          name,
          line: e.line,
          document: documentFor(type, input, { name: metaName }),
          valid: table.valid,
          violations: table.valid ? [] : violations,
          ...(metaName ? { nameFromTest: true } : {}),
        });
      } catch (err) {
        if (!(err instanceof Skip)) throw new Error(`${rel}:${e.line} ${name}: ${err.message}`);
        f.skipped.push({ name, line: e.line, reason: err.message });
      }
    }
  }
}

class Skip extends Error {}

/** DescribeTable(...) tables whose body feeds a YAML string into a resource's Spec and calls Validate(). */
function handleDescribeTables(col, type, rel, src) {
  const { tables, its } = readTables(src);
  const f = col.file(type, rel);
  const dir = dirname(rel);
  for (const table of tables) {
    const body = table.funcText;
    const param = table.func?.params ?? '';
    const fromYaml = /FromYAML \( \[ \] byte \( (?:given \. )?(\w+) \)/.exec(body);
    const fromFile = /os \. ReadFile \( path \. Join \( "testdata" , given \. (\w+) \+ "\.input\.yaml" \) \)/.exec(body);
    const fromFolder = /os \. ReadFile \( inputFile \)/.test(body);
    const expectedField = /MatchYAML \( given \. (\w+) \)/.exec(body)?.[1];
    const golden = /MatchGoldenYAML \( path \. Join \( "testdata" , given \. (\w+) \+ "(\.[\w.]+)" \) \)/.exec(body);
    const metaName = /SetMeta \( & test_model \. ResourceMeta \{ Name : (?:given \. (\w+)|"([^"]*)") ,/.exec(body);
    const validOnly = !expectedField && !golden && !fromFolder && /Validate[A-Za-z]* \( [^)]*\)? *\)?[^]*ToNot \( HaveOccurred \( \) \) $/.test(body.trim());
    if (!fromYaml && !fromFile && !fromFolder) {
      for (const e of table.entries) f.skipped.push({ name: e.name ?? '(unnamed)', line: e.line, reason: `table "${table.description}" does not read a resource from YAML` });
      continue;
    }
    const entries = fromFolder ? folderEntries(dir, table) : table.entries;
    for (const e of entries) {
      const name = e.name ?? '(unnamed)';
      try {
        if (e.other) throw new Skip(`entry built in code (${e.other})`);
        let yamlText;
        let expected;
        let valid;
        let nameValue;
        if (e.inputText !== undefined) {
          yamlText = e.inputText;
          expected = e.expectedText ?? '';
          nameValue = 'test';
        } else {
          const given = e.args[0];
          if (param.endsWith(' string') || param === 'string') {
            if (given?.kind !== 'str') throw new Skip('input is built in code');
            yamlText = given.v;
            expected = '';
          } else {
            if (given?.kind !== 'comp') throw new Skip('input is built in code');
            if (fromFile) {
              const fileV = fieldOf(given, fromFile[1]);
              if (fileV?.kind !== 'str') throw new Skip('testdata file name built in code');
              const base = `${dir}/testdata/${fileV.v}`;
              yamlText = gitShow(`${base}.input.yaml`);
              if (yamlText === undefined) throw new Skip(`testdata/${fileV.v}.input.yaml is not in go-validators and no Kuma git mirror was found`);
              const out = gitShow(`${base}${golden[2]}`);
              expected = out ?? '';
            } else {
              const inV = fieldOf(given, fromYaml[1]);
              if (inV?.kind !== 'str') throw new Skip('input is built in code');
              yamlText = inV.v;
              if (expectedField) {
                const exV = fieldOf(given, expectedField);
                if (exV && exV.kind !== 'str') throw new Skip('expected violations built in code');
                expected = exV?.v ?? '';
              } else expected = '';
            }
            if (metaName?.[1]) {
              const n = fieldOf(given, metaName[1]);
              if (n && n.kind !== 'str') throw new Skip('resource name built in code');
              nameValue = n?.v;
            }
          }
          if (metaName?.[2] !== undefined) nameValue = metaName[2];
        }
        const violations = parseExpected(expected);
        valid = violations.length === 0;
        if (!valid && validOnly) throw new Error('a should-pass table with expected violations');
        const input = parseInput(yamlText);
        f.cases.push({
          name,
          line: e.line,
          document: documentFor(type, input, { name: nameValue }),
          valid,
          violations,
          ...(nameValue ? { nameFromTest: true } : {}),
        });
      } catch (err) {
        if (!(err instanceof Skip)) throw new Error(`${rel}:${e.line} ${name}: ${err.message}`);
        f.skipped.push({ name, line: e.line, reason: err.message });
      }
    }
  }
  for (const it of its) {
    // an It() with one inline YAML fed to the Spec, then Validate() expected to pass or to MatchYAML(...)
    const b = it.body;
    const at = b.findIndex((t, k) => t.v === 'FromYAML' && b[k + 6]?.t === 'str');
    const input = at >= 0 ? b[at + 6].v : undefined;
    const m = b.findIndex((t, k) => t.v === 'MatchYAML' && b[k + 2]?.t === 'str');
    const passes = b.some((t, k) => t.v === 'Validate' && b.slice(k, k + 14).some((x) => x.v === 'ToNot'));
    if (input === undefined || (m < 0 && !passes)) {
      f.skipped.push({ name: it.description, line: it.line, reason: 'an It() block that builds its input in code, not a table entry' });
      continue;
    }
    const violations = m >= 0 ? parseExpected(b[m + 2].v) : [];
    f.cases.push({ name: it.description, line: it.line, document: documentFor(type, parseInput(input)), valid: violations.length === 0, violations });
  }
}

/** test.EntriesForFolder("spec"): one entry per testdata/spec/*.input.yaml, golden next to it. */
function folderEntries(dir, table) {
  const folder = `${dir}/testdata/spec`;
  const files = gitLs(folder);
  if (!files) return table.entries.map((e) => ({ ...e, name: 'testdata/spec (folder)', other: 'testdata/spec is not in go-validators and no Kuma git mirror was found' }));
  return files
    .filter((n) => n.endsWith('.input.yaml'))
    .map((n) => ({
      name: `testdata/spec/${n.replace(/\.input\.yaml$/, '')}`,
      line: table.entries[0]?.line ?? table.line,
      inputText: gitShow(`${folder}/${n}`),
      expectedText: gitShow(`${folder}/${n.replace(/\.input\.yaml$/, '.golden.yaml')}`) ?? '',
    }));
}

/** meta_validator_test: ValidateMeta(name, mesh, scope); name and mesh go into a type with no rules of its own. */
function handleMeta(col, rel, src) {
  const { tables } = readTables(src);
  const f = col.file('Meta', rel);
  for (const table of tables) {
    for (const e of table.entries) {
      const name = e.name ?? '(unnamed)';
      const given = e.args?.[0];
      const meta = given?.kind === 'comp' ? fieldOf(given, 'meta') : undefined;
      const scope = given?.kind === 'comp' ? fieldOf(given, 'scope') : undefined;
      const metaName = meta?.kind === 'comp' ? fieldOf(meta, 'Name') : undefined;
      const metaMesh = meta?.kind === 'comp' ? fieldOf(meta, 'Mesh') : undefined;
      if (metaName?.kind !== 'str' || metaMesh?.kind !== 'str' || scope?.kind !== 'other') {
        f.skipped.push({ name, line: e.line, reason: 'meta built in code' });
        continue;
      }
      const global = /ScopeGlobal/.test(scope.text);
      const expected = fieldOf(given, 'expected');
      const violations = expected?.kind === 'str' ? parseExpected(expected.v) : [];
      if (metaName.v === '' || (!global && metaMesh.v === '')) {
        f.skipped.push({ name, line: e.line, reason: 'an empty name or mesh cannot be written as a Universal document (the API path needs both)' });
        continue;
      }
      // Workload (mesh-scoped) and Mesh (global) have no spec rules, so only the meta rules speak.
      const document = global ? { type: 'Mesh', name: metaName.v } : { type: 'Workload', name: metaName.v, mesh: metaMesh.v, spec: {} };
      f.cases.push({ name, line: e.line, document, valid: violations.length === 0, violations, nameFromTest: true });
    }
  }
}

function walk(dir) {
  const out = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (n.endsWith('_test.go')) out.push(p);
  }
  return out;
}

function main() {
  const col = new Collector();
  const notResources = [];
  for (const file of walk(refDir)) {
    const rel = relative(refDir, file).split('\\').join('/');
    const src = readFileSync(file, 'utf8');
    if (NOT_RESOURCES[rel]) {
      const { tables, its } = readTables(src);
      const count = tables.reduce((n, t) => n + t.entries.length, 0) + its.length + helperTables(src).reduce((n, t) => n + t.entries.length, 0);
      notResources.push({ source: rel, entries: count, reason: NOT_RESOURCES[rel] });
      continue;
    }
    if (rel === 'pkg/core/resources/apis/mesh/meta_validator_test.go') {
      handleMeta(col, rel, src);
      continue;
    }
    const type = typeOf(rel);
    if (!type) throw new Error(`no type known for ${rel}`);
    if (/DescribeValidCases|DescribeErrorCases/.test(src)) handleHelperFile(col, type, rel, src);
    if (/DescribeTable\(/.test(src)) handleDescribeTables(col, type, rel, src);
  }
  mkdirSync(OUT, { recursive: true });
  // remove earlier generated fixtures (a type may have gone); exceptions.json, known-gaps.json and notes stay
  for (const n of readdirSync(OUT)) {
    if (!n.endsWith('.json') || KEEP.has(n)) continue;
    rmSync(join(OUT, n));
  }
  for (const [type, f] of [...col.byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // unique case names within a file, so a case can be named in exceptions and gaps
    const seen = new Map();
    for (const c of f.cases) {
      const n = seen.get(c.name) ?? 0;
      seen.set(c.name, n + 1);
      if (n > 0) c.name = `${c.name} (#${n + 1})`;
    }
    const body = { type, source: f.sources.length === 1 ? f.sources[0] : f.sources, cases: f.cases, skipped: f.skipped };
    writeFileSync(join(OUT, `${type}.json`), `${JSON.stringify(body, null, 2)}\n`);
  }
  writeFileSync(join(OUT, 'not-resources.json'), `${JSON.stringify({ note: 'Kuma test files that do not test a resource document, with why', files: notResources }, null, 2)}\n`);
  const total = [...col.byType.values()].reduce((n, f) => n + f.cases.length, 0);
  const skipped = [...col.byType.values()].reduce((n, f) => n + f.skipped.length, 0);
  console.log(`${col.byType.size} types, ${total} cases, ${skipped} skipped; ${notResources.length} files not about resources`);
}

main();
