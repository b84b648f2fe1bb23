import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSources } from '../src/lib/manifest/read.js';
import { parseSources } from '../src/lib/manifest/parse.js';
import { InputError } from '../src/lib/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kumactl-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('reading inputs', () => {
  it('reads a directory one level deep, manifests only, sorted; -R descends', async () => {
    const d = join(dir, 'tree');
    write('tree/b.yaml', 'type: Mesh\nname: b\n');
    write('tree/a.YML', 'type: Mesh\nname: a\n');
    write('tree/c.json', '{"type": "Mesh", "name": "c"}');
    write('tree/notes.txt', 'not yaml');
    write('tree/sub/d.yaml', 'type: Mesh\nname: d\n');
    const flat = await readSources([d]);
    expect(flat.map((s) => s.name)).toEqual([join(d, 'a.YML'), join(d, 'b.yaml'), join(d, 'c.json')]);
    const deep = await readSources([d], { recursive: true });
    expect(deep.map((s) => s.name)).toEqual([join(d, 'a.YML'), join(d, 'b.yaml'), join(d, 'c.json'), join(d, 'sub', 'd.yaml')]);
  });

  it('reads stdin once, under the name <stdin>', async () => {
    const sources = await readSources(['-'], { stdin: async () => Buffer.from('type: Mesh\nname: s\n') });
    expect(sources).toEqual([{ name: '<stdin>', text: 'type: Mesh\nname: s\n' }]);
    await expect(readSources(['-', '-'], { stdin: async () => Buffer.from('') })).rejects.toThrow(/only once/);
  });

  it('names a missing path and suggests checking it', async () => {
    const err = await readSources([join(dir, 'nope.yaml')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(`${join(dir, 'nope.yaml')}: no such file or directory`);
  });

  it('refuses binary data and invalid UTF-8 as a problem of that input, not a crash', async () => {
    const bin = write('bin.yaml', Buffer.from([0x74, 0x79, 0x00, 0x01]));
    const latin = write('latin.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const [b, l] = await readSources([bin, latin]);
    expect(b!.problem).toBe('binary data (a NUL byte at offset 2); manifests are YAML or JSON text');
    expect(l!.problem).toBe('not valid UTF-8 text; manifests are YAML or JSON text');
  });

  it('reads an http URL served on loopback, and reports a 404', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/mesh.yaml') res.end('type: Mesh\nname: from-url\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const [s] = await readSources([`${base}/mesh.yaml`]);
      expect(s).toEqual({ name: `${base}/mesh.yaml`, text: 'type: Mesh\nname: from-url\n' });
      await expect(readSources([`${base}/missing.yaml`])).rejects.toThrow(`${base}/missing.yaml: could not be read: HTTP 404`);
    } finally {
      server.close();
    }
  });
});

describe('parsing documents', () => {
  it('splits multi-document YAML and remembers where each document and field is', () => {
    const text = '# leading comment\ntype: Mesh\nname: a\n---\n---\n# only a comment\n---\ntype: MeshTimeout\nname: t\nspec:\n  to:\n    - default:\n        idleTimeout: 5\n';
    const { documents, problems } = parseSources([{ name: 'f.yaml', text }]);
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.index, d.line, d.column])).toEqual([
      [0, 2, 1],
      [1, 8, 1],
    ]);
    expect(documents[1]!.locate(['spec', 'to', 0, 'default', 'idleTimeout'])).toEqual({ line: 13, column: 9 });
    // a path that does not exist points at the deepest part that does
    expect(documents[1]!.locate(['spec', 'to', 0, 'default', 'nope'])).toEqual({ line: 12, column: 7 });
  });

  it('reports syntax errors, duplicate keys and tabs with their positions', () => {
    const { documents, problems } = parseSources([
      { name: 'dup.yaml', text: 'type: Mesh\nname: a\nname: b\n' },
      { name: 'tab.yaml', text: 'type: Mesh\nmtls:\n\tenabledBackend: x\n' },
      { name: 'broken.yaml', text: 'type: Mesh\nname: [a\n' },
    ]);
    expect(documents).toEqual([]);
    expect(problems[0]).toEqual({ file: 'dup.yaml', line: 3, column: 1, message: 'duplicate key "name": a key may appear only once in a mapping' });
    expect(problems[1]).toMatchObject({ file: 'tab.yaml', line: 3, column: 1, message: 'tab used for indentation; YAML indents with spaces' });
    expect(problems[2]).toMatchObject({ file: 'broken.yaml', line: 3 });
    expect(problems[2]!.message).toMatch(/^YAML syntax error: /);
  });

  it('bounds alias expansion (billion laughs)', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    const { documents, problems } = parseSources([{ name: 'bomb.yaml', text: lines.join('\n') }]);
    expect(documents).toEqual([]);
    expect(problems[0]!.message).toMatch(/too many alias expansions/);
  });

  it('refuses absurd nesting with a message instead of overflowing the stack', () => {
    const { problems } = parseSources([{ name: 'deep.yaml', text: `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}` }]);
    expect(problems).toEqual([{ file: 'deep.yaml', line: 1, column: 204, message: 'nesting deeper than 200 levels' }]);
  });

  it('expands items lists as `get -o yaml` prints them, keeping positions', () => {
    const text = 'items:\n- type: Mesh\n  name: a\n- type: Mesh\n  name: b\nnext: null\ntotal: 2\n';
    const { documents } = parseSources([{ name: 'list.yaml', text }]);
    expect(documents.map((d) => (d.value as { name: string }).name)).toEqual(['a', 'b']);
    expect(documents[1]!.line).toBe(4);
    expect(documents[1]!.locate(['name'])).toEqual({ line: 5, column: 3 });
  });

  it('reads JSON inputs too', () => {
    const { documents } = parseSources([{ name: 'm.json', text: '{\n  "type": "Mesh",\n  "name": "j"\n}\n' }]);
    expect(documents[0]!.value).toEqual({ type: 'Mesh', name: 'j' });
    expect(documents[0]!.locate(['name'])).toEqual({ line: 3, column: 3 });
  });
});

describe('hostile nesting', () => {
  it('reports a compact sequence nested thousands deep as nesting, not as a stack overflow', () => {
    const { documents, problems } = parseSources([{ name: 'seq.yaml', text: `${'- '.repeat(5000)}x\n` }]);
    expect(documents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('nesting deeper than this tool reads (more than about 200 levels)');
  });
});

describe('hostile aliases and keys', () => {
  it('refuses an alias inside the node it refers to, which would make the value contain itself', () => {
    const { documents, problems } = parseSources([{ name: 'c.yaml', text: 'type: Mesh\nname: c\nmtls: &m\n  loop: *m\n' }]);
    expect(documents).toEqual([]);
    expect(problems).toEqual([{ file: 'c.yaml', line: 4, column: 9, message: 'alias *m is inside the node it refers to: a resource cannot contain itself' }]);
  });

  it('names an alias whose anchor comes later, at the alias', () => {
    const { problems } = parseSources([{ name: 'a.yaml', text: 'type: Mesh\nname: *n\nlabels: {a: &n x}\n' }]);
    expect(problems).toEqual([{ file: 'a.yaml', line: 2, column: 7, message: 'alias *n refers to no anchor before it (an anchor is written &n before its aliases)' }]);
  });

  it('bounds the work of resolving aliases: many anchors, or many aliases inside an anchored node', () => {
    const anchors = `l:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: &a${i} v\n`).join('')}s: [${Array(900).fill('*a19999').join(', ')}]\n`;
    const { documents, problems } = parseSources([{ name: 'a.yaml', text: anchors }]);
    expect(documents).toEqual([]);
    expect(problems[0]!.message).toMatch(/^too many anchors and aliases to resolve \(20000 anchors, 900 aliases/);
    // a few aliases are fine
    expect(parseSources([{ name: 'b.yaml', text: 'a: &x [1, 2]\nb: *x\nc: *x\n' }]).documents[0]!.value).toEqual({ a: [1, 2], b: [1, 2], c: [1, 2] });
  });

  it('finds duplicate keys, also a number and a string that read the same', () => {
    const many = `${Array.from({ length: 5_000 }, (_, i) => `k${i}: v\n`).join('')}k7: again\n`;
    const { problems } = parseSources([{ name: 'd.yaml', text: many }]);
    expect(problems).toEqual([{ file: 'd.yaml', line: 5_001, column: 1, message: 'duplicate key "k7": a key may appear only once in a mapping' }]);
    expect(parseSources([{ name: 'e.yaml', text: 'labels:\n  "1": a\n  1: b\n' }]).problems[0]).toMatchObject({ line: 3, column: 3, message: 'duplicate key "1": a key may appear only once in a mapping' });
  });

  it('reads merge keys as kumactl does, explicit keys winning', () => {
    const text = 'base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\n';
    const { documents, problems } = parseSources([{ name: 'm.yaml', text }]);
    expect(problems).toEqual([]);
    expect(documents[0]!.value).toEqual({ base: { a: 1, b: 2 }, m: { a: 1, b: 3 } });
    // one merge key per mapping, as any other key; a list merges several
    expect(parseSources([{ name: 'n.yaml', text: 'a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n' }]).problems[0]).toMatchObject({ line: 5, message: 'duplicate key "<<": a key may appear only once in a mapping' });
    expect(parseSources([{ name: 'l.yaml', text: 'a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n' }]).documents[0]!.value).toMatchObject({ c: { x: 1, y: 2 } });
  });

  // 200,000 look-ups that each rescanned the mapping would be 2·10^10 steps: far past the hang guard
  it('locates findings in a mapping of many thousands of keys without rescanning it', { timeout: 120_000 }, () => {
    const n = 200_000;
    const text = Array.from({ length: n }, (_, i) => `k${i}: v\n`).join('');
    const doc = parseSources([{ name: 'l.yaml', text }]).documents[0]!;
    for (let i = 0; i < n; i += 1) doc.locate([`k${i}`]);
    expect(doc.locate([`k${n - 1}`])).toEqual({ line: n, column: 1 });
  });
});

describe('YAML directives', () => {
  it('refuses another major YAML version and a directive with no document, reads a later minor version', () => {
    expect(parseSources([{ name: 'v.yaml', text: '%YAML 3.0\n---\na: 1\n' }]).problems).toEqual([
      { file: 'v.yaml', line: 1, column: 7, message: 'YAML version 3.0 is not supported: write %YAML 1.2, or no directive' },
    ]);
    expect(parseSources([{ name: 'd.yaml', text: '# header\n%YAML 1.2\n' }]).problems).toEqual([
      { file: 'd.yaml', line: 2, column: 1, message: 'YAML syntax error: a directive must be followed by a document starting with ---' },
    ]);
    expect(parseSources([{ name: 'm.yaml', text: '%YAML 1.3\n---\na: 1\n' }]).documents[0]!.value).toEqual({ a: 1 });
  });

  it('reads a list of 150,000 items without overflowing the stack', () => {
    const { documents, problems } = parseSources([{ name: 'l.yaml', text: `items: [${'1,'.repeat(150_000)}1]\nnext: null\n` }]);
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(150_001);
  });
});

/*
 * kumactl and kuma-cp read YAML with go-yaml (through sigs.k8s.io/yaml): a quoted string may continue on
 * lines indented no deeper than its key (Kuma's own docs write ContainerPatch and MeshProxyPatch values
 * so), and of two equal keys the last wins. `--validate warn` reads them so with a warning, `ignore`
 * silently, `strict` refuses them.
 */
describe('reading YAML as kumactl reads it', () => {
  // Kuma's docs (UPGRADE.md, ContainerPatch): the closing line sits at the indentation of `value`
  const patch = [
    'apiVersion: kuma.io/v1alpha1', //          1
    'kind: ContainerPatch', //                  2
    'metadata:', //                             3
    '  name: disable-reuse-port', //            4
    '  namespace: kuma-system', //              5
    'spec:', //                                 6
    '  sidecarPatch:', //                       7
    '  - op: add', //                           8
    '    path: /env/-', //                      9
    "    value: '{", //                         10
    '      "name": "KUMA_X",', //               11
    '      "value": "false"', //                12
    "    }'", //                                13
    '  initPatch:', //                          14
    '  - op: remove', //                        15
    '    path: /x', //                          16
    '',
  ].join('\n');
  const patchValue = '{ "name": "KUMA_X", "value": "false" }';

  it('reads a quoted string whose closing line is indented like its key, with a warning (warn)', () => {
    const { documents, problems } = parseSources([{ name: 'p.yaml', text: patch }], { strictness: 'warn' });
    expect(problems).toEqual([
      {
        file: 'p.yaml',
        line: 13,
        column: 5,
        severity: 'warning',
        message: 'this line continues the quoted string of line 10 but is not indented more than its key, as YAML requires (kumactl reads it); indent it further',
      },
    ]);
    const spec = (documents[0]!.value as { spec: { sidecarPatch: Array<{ value: string }> } }).spec;
    expect(spec.sidecarPatch[0]!.value).toBe(patchValue);
    // every other place is where it was
    expect(documents[0]!.locate(['spec', 'initPatch', 0, 'path'])).toEqual({ line: 16, column: 5 });
    expect(documents[0]!.locate(['spec', 'sidecarPatch', 0, 'value'])).toEqual({ line: 10, column: 5 });
  });

  it('reads it silently with ignore, and warns with strict (kuma-cp reads it), at the line to indent', () => {
    const ignore = parseSources([{ name: 'p.yaml', text: patch }], { strictness: 'ignore' });
    expect(ignore.problems).toEqual([]);
    expect((ignore.documents[0]!.value as { spec: { sidecarPatch: Array<{ value: string }> } }).spec.sidecarPatch[0]!.value).toBe(patchValue);
    const strict = parseSources([{ name: 'p.yaml', text: patch }]);
    expect((strict.documents[0]!.value as { spec: { sidecarPatch: Array<{ value: string }> } }).spec.sidecarPatch[0]!.value).toBe(patchValue);
    expect(strict.problems).toEqual([
      {
        file: 'p.yaml',
        line: 13,
        column: 5,
        severity: 'warning',
        message: 'this line continues the quoted string of line 10 but is not indented more than its key, as YAML requires (kumactl reads it); indent it further',
      },
    ]);
  });

  it('reads what go-yaml reads: double quotes, lines at column 0, a tab, a comment after the quote', () => {
    const read = (text: string) => parseSources([{ name: 'x.yaml', text }], { strictness: 'ignore' });
    expect(read('a: "x\n  y\n"\nb: 1\n').documents[0]!.value).toEqual({ a: 'x y ', b: 1 });
    expect(read("a: 'x\nb: y'\nc: 2\n").documents[0]!.value).toEqual({ a: 'x b: y', c: 2 });
    expect(read("k:\n  a: 'x\n\ty'\n").documents[0]!.value).toEqual({ k: { a: 'x y' } });
    expect(read("k:\n  a: 'it''s\n  ok' # note\n  b: 1\n").documents[0]!.value).toEqual({ k: { a: "it's ok", b: 1 } });
    // positions on the closing line stay those of the input
    const alias = parseSources([{ name: 'a.yaml', text: "k:\n  a: ['x\n  y', *nope]\n" }], { strictness: 'warn' });
    expect(alias.problems.map((p) => [p.line, p.column, p.severity])).toEqual([
      [3, 3, 'warning'],
      [3, 7, undefined],
    ]);
    expect(alias.problems[1]!.message).toMatch(/^alias \*nope refers to no anchor/);
  });

  it('still refuses what go-yaml refuses: a document marker inside the string, no closing quote', () => {
    for (const text of ["a: 'x\n---\ny'\n", "a: 'x\n  y\n", 'a: "x\n...\n"\n']) {
      const { problems } = parseSources([{ name: 'x.yaml', text }], { strictness: 'ignore' });
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]!.message).toMatch(/^YAML syntax error: /);
    }
  });

  it('lets the last of two equal keys win: a warning with warn, nothing with ignore, an error with strict', () => {
    const text = 'type: Mesh\nname: a\nmtls:\n  enabledBackend: x\nname: b\nmtls:\n  enabledBackend: y\n';
    const warn = parseSources([{ name: 'd.yaml', text }], { strictness: 'warn' });
    expect(warn.problems).toEqual([
      { file: 'd.yaml', line: 5, column: 1, severity: 'warning', message: 'duplicate key "name": kumactl keeps the last value' },
      { file: 'd.yaml', line: 6, column: 1, severity: 'warning', message: 'duplicate key "mtls": kumactl keeps the last value' },
    ]);
    expect(warn.documents[0]!.value).toEqual({ type: 'Mesh', name: 'b', mtls: { enabledBackend: 'y' } });
    // findings point at the value that counts
    expect(warn.documents[0]!.locate(['mtls', 'enabledBackend'])).toEqual({ line: 7, column: 3 });
    const ignore = parseSources([{ name: 'd.yaml', text }], { strictness: 'ignore' });
    expect(ignore.problems).toEqual([]);
    expect(ignore.documents[0]!.value).toEqual({ type: 'Mesh', name: 'b', mtls: { enabledBackend: 'y' } });
    const strict = parseSources([{ name: 'd.yaml', text }], { strictness: 'strict' });
    expect(strict.documents).toEqual([]);
    expect(strict.problems.map((p) => [p.line, p.message])).toEqual([
      [5, 'duplicate key "name": a key may appear only once in a mapping'],
      [6, 'duplicate key "mtls": a key may appear only once in a mapping'],
    ]);
  });
});

describe('reading one document at a time', () => {
  it('a later document that must be read as a whole (a quoted string go-yaml continues) takes back what came before: each document once', () => {
    const text = 'type: Mesh\nname: first\n---\ntype: Mesh\nname: second\nlabels:\n  note: "a\nb"\n---\ntype: Mesh\nname: third\n';
    const { documents, problems } = parseSources([{ name: 'r.yaml', text }], { strictness: 'warn' });
    expect(documents.map((d) => [d.index, (d.value as { name: string }).name])).toEqual([
      [0, 'first'],
      [1, 'second'],
      [2, 'third'],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 8, severity: 'warning' });
  });

  it('a resource still names the line of any field after its parse tree is gone', async () => {
    const { loadManifests } = await import('../src/lib/manifest/load.js');
    const docs = ['type: Mesh\nname: m\n', 'type: MeshTimeout\nname: t1\nmesh: m\nspec:\n  targetRef:\n    kind: Mesh\n', 'type: MeshTimeout\nname: t2\nmesh: m\nspec:\n  targetRef:\n    kind: Mesh\n'];
    const file = write('relocate.yaml', docs.join('---\n'));
    const { resources } = await loadManifests([file], { strictness: 'strict' });
    const t2 = resources.find((r) => r.name === 't2')!;
    expect(t2.locate(['mesh'])).toEqual({ line: 13, column: 1 });
    expect(t2.locate(['spec', 'targetRef', 'kind'])).toEqual({ line: 16, column: 5 });
    expect(resources.find((r) => r.name === 't1')!.locate(['spec'])).toEqual({ line: 7, column: 1 });
  });
});
