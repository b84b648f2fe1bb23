import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestControlPlane, type TestControlPlane } from '../helpers/cp.js';
import { parseDocument, visit } from 'yaml';
import { seedResources, loadSeed } from '../../src/lib/control-plane/seed.js';

/*
 * Kuma 2.14.3's own table tests of its inspection endpoints (reference/kuma-2.14.3/api-tests), replayed
 * against the local control plane as Kuma's harness runs them: the store cleared and loaded with the
 * case's input as written, each action sent, the status and the JSON body compared (the server's
 * address as {{address}}, timestamps zeroed). `_config` cases (proxyconfig_*) are out of scope.
 * Cases that do not pass yet are listed, with the reason, in known-failing.json; the test checks the
 * list both ways, so it only shrinks.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES = join(ROOT, '../../shared/reference/kuma-2.14.3/api-tests/resources/inspect');
const KNOWN_FAILING_FILE = join(ROOT, 'test/fixtures/inspect-replay/known-failing.json');
const casesDir = existsSync(CASES) ? CASES : '/work/shared/reference/kuma-2.14.3/api-tests/resources/inspect';

interface Action {
  method: string;
  path: string;
  status: number;
}

interface Case {
  id: string;
  dir: string;
  name: string;
  input: string;
  actions: Action[];
}

function findCases(dir: string): Case[] {
  const out: Case[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(...findCases(path));
      continue;
    }
    if (!entry.endsWith('.input.yaml')) continue;
    const name = entry.slice(0, -'.input.yaml'.length);
    if (name.startsWith('proxyconfig_')) continue;
    const input = readFileSync(path, 'utf8');
    const actions: Action[] = [];
    for (const line of input.split('\n')) {
      if (!line.startsWith('#')) break;
      const words = line.slice(1).trim().split(/\s+/);
      if (words.length === 2 && words[0]!.startsWith('/')) actions.push({ method: 'GET', path: words[0]!, status: Number(words[1]) });
      else if (words.length === 3 && /^[A-Z]+$/.test(words[0]!) && words[1]!.startsWith('/')) actions.push({ method: words[0]!, path: words[1]!, status: Number(words[2]) });
    }
    out.push({ id: `${relative(casesDir, dir)}/${name}`, dir, name, input, actions });
  }
  return out;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The body as Kuma's harness compares it: the address as {{address}}, every timestamp zeroed. */
function normalised(value: unknown, address: string): unknown {
  if (typeof value === 'string') {
    if (TIMESTAMP.test(value)) return '0001-01-01T00:00:00Z';
    return value.split(address).join('{{address}}');
  }
  if (Array.isArray(value)) return value.map((v) => normalised(v, address));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v, address)]));
  }
  return value;
}

/**
 * The input documents as Kuma's harness reads them: split at `---` lines and each trimmed
 * (pkg/util/yaml.SplitYAML), then parsed by Go's YAML decoder, for which a block scalar ending at
 * the end of the text has no final line break (the yaml package adds one).
 */
function kumaDocuments(input: string): unknown[] {
  return input
    .trim()
    .split(/(?:^|\s*\n)---\s*/)
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((text) => {
      const doc = parseDocument(text);
      visit(doc, {
        Scalar(_key, node) {
          const blockAtEnd = (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range?.[1] === text.length;
          if (blockAtEnd && typeof node.value === 'string' && node.value.endsWith('\n') && !text.endsWith('\n')) node.value = node.value.slice(0, -1);
        },
      });
      return doc.toJS();
    });
}

async function runCase(cp: TestControlPlane, c: Case): Promise<string | undefined> {
  loadSeed(cp.engine.store, seedResources(kumaDocuments(c.input), (i) => `${c.id}.input.yaml: document ${i + 1}`), { clear: true });
  const address = cp.url.replace(/^https?:\/\//, '');
  for (const [i, action] of c.actions.entries()) {
    const suffix = c.actions.length > 1 ? `_${String(i).padStart(2, '0')}` : '';
    const requestFile = join(c.dir, `${c.name}${suffix}.request.json`);
    const body = existsSync(requestFile) ? readFileSync(requestFile, 'utf8') : undefined;
    const r = await cp.call(action.method, action.path, body);
    if (r.status !== action.status) return `${action.method} ${action.path}: status ${r.status}, expected ${action.status}: ${r.text.slice(0, 300)}`;
    const goldenFile = join(c.dir, `${c.name}${suffix}.golden.json`);
    if (!existsSync(goldenFile)) {
      if (r.text.trim() !== '') return `${action.path}: expected an empty body, got ${r.text.slice(0, 200)}`;
      continue;
    }
    const expected = normalised(JSON.parse(readFileSync(goldenFile, 'utf8')), address);
    const actual = normalised(r.json, address);
    if (process.env.REPLAY_DEBUG && c.id.includes(process.env.REPLAY_DEBUG)) {
      process.stdout.write(`${c.id} ${action.path}\nACTUAL ${JSON.stringify(actual, null, 1)}\nEXPECTED ${JSON.stringify(expected, null, 1)}\n`);
    }
    try {
      expect(actual).toEqual(expected);
    } catch (err) {
      return `${action.path}: body differs:\n${(err as Error).message.slice(0, 4000)}`;
    }
  }
  return undefined;
}

const cases = findCases(casesDir);
const knownFailing: Record<string, string> = JSON.parse(readFileSync(KNOWN_FAILING_FILE, 'utf8'));

describe('Kuma 2.14.3 inspection endpoint cases replayed on the local control plane', () => {
  let cp: TestControlPlane;
  const results = new Map<string, string | undefined>();
  beforeAll(async () => {
    cp = await startTestControlPlane('memory', { seed: [] });
    for (const c of cases) results.set(c.id, await runCase(cp, c));
    const passed = [...results.values()].filter((r) => r === undefined).length;
    const perFolder = new Map<string, [number, number]>();
    for (const [id, r] of results) {
      const folder = id.slice(0, id.lastIndexOf('/'));
      const [p, t] = perFolder.get(folder) ?? [0, 0];
      perFolder.set(folder, [p + (r === undefined ? 1 : 0), t + 1]);
    }
    const lines = [...perFolder].map(([f, [p, t]]) => `  ${f}: ${p}/${t}`);
    process.stdout.write(`inspect replay: ${passed}/${cases.length} cases pass\n${lines.join('\n')}\n`);
  });
  afterAll(async () => cp?.close());

  it('finds the reference cases', () => {
    expect(cases.length).toBeGreaterThan(70);
  });

  it('lists only existing cases as known failing', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(Object.keys(knownFailing).filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.id}${knownFailing[c.id] ? ' (known failing)' : ''}`, () => {
      const failure = results.get(c.id);
      if (knownFailing[c.id]) {
        expect(failure, `${c.id} passes now: remove it from known-failing.json`).toBeDefined();
      } else {
        expect(failure).toBeUndefined();
      }
    });
  }
});
