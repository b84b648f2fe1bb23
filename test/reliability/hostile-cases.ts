import { readFileSync } from 'node:fs';

/*
 * Hostile inputs for `validate` and `apply` (issue 8): each is written to `input.yaml` (or `input.json`)
 * in a directory of its own, and must end with the expected exit code, a message naming the
 * place, no stack trace, and (for apply of bad input) no request sent. Generated families are built
 * from schemas/Mesh.json, so a new Mesh field gets its wrong-type cases without anyone writing them.
 */

export type Exit = 0 | 3;

export interface HostileCase {
  family: string;
  name: string;
  content: string | Buffer;
  /** Exit code of `validate` (and of `apply`, unless `expectApply` says otherwise). */
  expect: Exit;
  /** Exit code of `apply` when it differs: an input with no resource is valid, but there is nothing to apply. */
  expectApply?: Exit;
  /** What an exit-3 message must name, beyond the file: `input\.yaml:L:C` and often the field path. */
  place?: RegExp;
  /** The file name to write (default input.yaml). */
  file?: string;
}

/** Any located finding in the input. */
const LOCATED = /input\.(yaml|json):\d+:\d+: error: /;

const at = (line: number, column?: number): RegExp => new RegExp(`input\\.(yaml|json):${line}:${column ?? '\\d+'}: error: `);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A located finding about `field`, optionally on a given line. */
function fieldAt(field: string, line?: number, column?: number): RegExp {
  const where = line === undefined ? '\\d+:\\d+' : `${line}:${column ?? '\\d+'}`;
  return new RegExp(`input\\.(yaml|json):${where}: error: ${escapeRe(field)}: `);
}

const MESH_TIMEOUT_SPEC = 'spec:\n  targetRef:\n    kind: Mesh\n  to:\n  - targetRef:\n      kind: Mesh\n    default:\n      idleTimeout: 10s\n';
const meshTimeout = (name: string, mesh = 'default') => `type: MeshTimeout\nname: ${name}\nmesh: ${mesh}\n${MESH_TIMEOUT_SPEC}`;

// ---------------------------------------------------------------------------------------------------
// Truncated and malformed YAML

/** A Mesh written as JSON, every prefix of which is unterminated. */
const JSON_MESH = JSON.stringify(
  {
    type: 'Mesh',
    name: 'trunc',
    labels: { team: 'payments' },
    mtls: { enabledBackend: 'ca-1', backends: [{ name: 'ca-1', type: 'builtin', dpCert: { rotation: { expiration: '1d' } } }] },
    constraints: { dataplaneProxy: { requirements: [{ tags: { 'kuma.io/service': '*' } }] } },
  },
  null,
  2,
);

/** A block-style Mesh with quoted scalars: cut inside a quote, it never closes. */
const QUOTED_MESH = `type: Mesh
name: "quoted"
labels:
  team: "payments and billing"
  note: 'a single-quoted label value'
mtls:
  enabledBackend: "ca-1"
  backends:
  - name: "ca-1"
    type: "builtin"
`;

function truncated(): HostileCase[] {
  const out: HostileCase[] = [];
  // JSON: any proper prefix longer than `{` leaves a flow mapping open
  const cuts = 8;
  for (let i = 1; i <= cuts; i++) {
    const end = Math.max(2, Math.floor((JSON_MESH.length - 1) * (i / (cuts + 1))));
    out.push({ family: 'yaml-syntax', name: `JSON Mesh cut at byte ${end}`, content: JSON_MESH.slice(0, end), expect: 3, place: LOCATED, file: 'input.json' });
  }
  // block YAML cut inside each quoted scalar: an unterminated quote
  const quoteStarts = [...QUOTED_MESH.matchAll(/["']/g)].map((m) => m.index!).filter((_, i) => i % 2 === 0);
  for (const start of quoteStarts) {
    out.push({ family: 'yaml-syntax', name: `block YAML cut inside the quote at byte ${start}`, content: QUOTED_MESH.slice(0, start + 3), expect: 3, place: LOCATED });
  }
  return out;
}

const MALFORMED: Array<[string, string, RegExp?]> = [
  ['unclosed flow sequence', 'type: Mesh\nname: m\nskipCreatingInitialPolicies: [MeshTimeout\n', at(4)],
  ['unclosed flow mapping', 'type: Mesh\nname: m\nlabels: {team: a\n'],
  ['stray closing bracket', 'type: Mesh\nname: m]\n'],
  ['unterminated double quote', 'type: Mesh\nname: "m\n'],
  ['unterminated single quote', "type: Mesh\nname: 'm\n"],
  ['mapping value in a plain scalar', 'type: Mesh\nname: a: b\n', at(2)],
  ['sequence item inside a mapping', 'type: Mesh\nname: m\n- item\n', at(3)],
  ['mapping after a sequence', '- a\n- b\nc: d\n', at(3)],
  ['bad indentation of a nested key', 'type: Mesh\nname: m\nmtls:\n    enabledBackend: a\n  backends: []\n', at(5)],
  ['reserved @ indicator', 'type: Mesh\nname: @m\n', at(2)],
  ['reserved backtick indicator', 'type: Mesh\nname: `m`\n', at(2)],
  ['invalid escape in a double-quoted scalar', 'type: Mesh\nname: "a\\qb"\n', at(2)],
  ['another major YAML version', '%YAML 3.0\n---\ntype: Mesh\nname: m\n', at(1)],
  ['a directive without a document', '%YAML 1.2\n', at(1)],
  ['alias to an anchor never defined', 'type: Mesh\nname: *missing\n'],
  ['anchor without a node', 'type: Mesh\nname: m\nlabels: &a\n  - &b\n  &c\n'],
  ['document end marker in the middle of a mapping', 'type: Mesh\n...\nname: m\n', at(3)],
  ['flow mapping missing a comma', 'type: Mesh\nname: m\nlabels: {a: b c: d}\n'],
  ['block scalar indicator with a bad indent', 'type: Mesh\nname: |0\n  m\n', at(2)],
  ['two tags on one node', 'type: Mesh\nname: !!str !!str m\n', at(2)],
  ['implicit key longer than 1024 characters', `type: Mesh\nname: m\n${'k'.repeat(2000)}: v\n`, at(3)],
  ['Windows line endings with a broken flow', 'type: Mesh\r\nname: m\r\nlabels: [a,\r\n'],
  ['JSON with two commas in a row', '{"type": "Mesh", "name": "m",, }\n', at(1)],
  ['JSON with single quotes and an unclosed brace', "{'type': 'Mesh', 'name': 'm'\n"],
  ['a null byte escape inside a flow key', 'type: Mesh\nname: m\nlabels: {"\\0": [}\n'],
];

function malformed(): HostileCase[] {
  return MALFORMED.map(([name, content, place]) => ({ family: 'yaml-syntax', name, content, expect: 3, place: place ?? LOCATED }));
}

// ---------------------------------------------------------------------------------------------------
// Tabs

function tabs(): HostileCase[] {
  return [
    { family: 'tabs', name: 'tab indenting a nested key', content: 'type: Mesh\nname: tabs-1\nmtls:\n\tenabledBackend: ca-1\n', expect: 3, place: at(4, 1) },
    { family: 'tabs', name: 'tab indenting a sequence item', content: 'type: Mesh\nname: tabs-2\nskipCreatingInitialPolicies:\n\t- "*"\n', expect: 3, place: at(4) },
    { family: 'tabs', name: 'spaces then a tab before a key', content: 'type: Mesh\nname: tabs-3\nlabels:\n  \tteam: a\n', expect: 3, place: at(4) },
    { family: 'tabs', name: 'tab indenting a policy spec', content: `type: MeshTimeout\nname: tabs-5\nmesh: default\nspec:\n\ttargetRef:\n\t\tkind: Mesh\n`, expect: 3, place: at(5) },
    { family: 'tabs', name: 'tab inside a name (quoted)', content: 'type: Mesh\nname: "tabs\\tsix"\n', expect: 3, place: fieldAt('name', 2) },
    { family: 'tabs', name: 'tab inside a label key', content: 'type: Mesh\nname: tabs-7\nlabels:\n  "te\\tam": a\n', expect: 3, place: fieldAt('labels["te\\tam"]', 4) },
    // YAML allows tabs as separation after the indicator, and in comments: Kuma reads these
    { family: 'tabs', name: 'tab after a colon (valid YAML)', content: 'type:\tMesh\nname:\ttabs-ok-1\n', expect: 0 },
    { family: 'tabs', name: 'tab before a trailing comment (valid YAML)', content: 'type: Mesh\t# the kind\nname: tabs-ok-2\t# its name\n', expect: 0 },
    { family: 'tabs', name: 'tab inside a flow mapping (valid YAML)', content: 'type: Mesh\nname: tabs-ok-3\nlabels: {team:\tpayments,\tenv: prod}\n', expect: 0 },
    { family: 'tabs', name: 'tab inside a quoted label value', content: 'type: Mesh\nname: tabs-8\nlabels:\n  team: "pay\\tments"\n', expect: 3, place: fieldAt('labels["team"]', 4) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Binary data and invalid UTF-8

function binary(): HostileCase[] {
  const nulInside = Buffer.from('type: Mesh\nname: bin\u0000ary\n', 'utf8');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x2b, 0xa9, 0x2c, 0x48, 0xb5, 0x52, 0xf0, 0x4d, 0x2d, 0xce, 0xe0, 0x02, 0x00]);
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56, 0)]);
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('type: Mesh\nname: utf16\n', 'utf16le')]);
  const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('type: Mesh\nname: utf16\n', 'utf16le').swap16()]);
  let seed = 12345;
  const random = Buffer.alloc(4096);
  for (let i = 0; i < random.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    random[i] = seed >> 16;
  }
  const nulAfterLines = Buffer.concat([Buffer.from('type: Mesh\nname: later\nlabels:\n  a: b\n'), Buffer.from([0]), Buffer.from('\n')]);
  const bin = (name: string, content: Buffer): HostileCase => ({ family: 'binary', name, content, expect: 3, place: /input\.yaml:1:1: error: binary data/ });
  return [
    bin('a NUL byte inside a name', nulInside),
    bin('a PNG header', png),
    bin('gzip-compressed YAML', gzip),
    bin('an ELF executable header', elf),
    bin('UTF-16 LE with a byte order mark', utf16le),
    bin('UTF-16 BE with a byte order mark', utf16be),
    bin('4 KiB of random bytes', random),
    bin('a NUL byte after four valid lines', nulAfterLines),
    bin('a single NUL byte', Buffer.from([0])),
  ];
}

function invalidUtf8(): HostileCase[] {
  const wrap = (bytes: number[]) => Buffer.concat([Buffer.from('type: Mesh\nname: m\nlabels:\n  team: '), Buffer.from(bytes), Buffer.from('\n')]);
  const bad = (name: string, content: Buffer): HostileCase => ({ family: 'invalid-utf8', name, content, expect: 3, place: /input\.yaml:1:1: error: not valid UTF-8/ });
  return [
    bad('a lone continuation byte', wrap([0x80])),
    bad('a lone 0xFF byte', wrap([0xff])),
    bad('an overlong encoding of "/"', wrap([0xc0, 0xaf])),
    bad('a UTF-16 surrogate encoded in UTF-8', wrap([0xed, 0xa0, 0x80])),
    bad('a code point above U+10FFFF', wrap([0xf4, 0x90, 0x80, 0x80])),
    bad('a 5-byte sequence', wrap([0xf8, 0x88, 0x80, 0x80, 0x80])),
    bad('a truncated 3-byte sequence at the end of the file', Buffer.concat([Buffer.from('type: Mesh\nname: m\n# caf'), Buffer.from([0xe2, 0x82])])),
    bad('Latin-1 text (café)', Buffer.from('type: Mesh\nname: m\nlabels:\n  team: caf\u00e9\n', 'latin1')),
    bad('Windows-1252 smart quotes', Buffer.concat([Buffer.from('type: Mesh\nname: '), Buffer.from([0x93]), Buffer.from('m'), Buffer.from([0x94]), Buffer.from('\n')])),
    bad('invalid UTF-8 inside a comment only', Buffer.concat([Buffer.from('type: Mesh\nname: m\n# '), Buffer.from([0xfe, 0xfe]), Buffer.from('\n')])),
    // valid UTF-8 that is not ASCII is text: a byte order mark, and non-ASCII label values
    { family: 'invalid-utf8', name: 'a UTF-8 byte order mark (valid)', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('type: Mesh\nname: utf8-bom\n')]), expect: 0 },
    { family: 'invalid-utf8', name: 'non-ASCII in a comment (valid)', content: 'type: Mesh\nname: utf8-comment\n# équipe paiements, チーム, 💳\n', expect: 0 },
    { family: 'invalid-utf8', name: 'non-ASCII in a name', content: 'type: Mesh\nname: équipe\n', expect: 3, place: fieldAt('name', 2) },
    { family: 'invalid-utf8', name: 'an emoji as a label value', content: 'type: Mesh\nname: utf8-label\nlabels:\n  team: 💳\n', expect: 3, place: fieldAt('labels["team"]', 4) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Sizes: a 50 MB file, 10,000 documents, huge strings

const MIB = 1024 * 1024;

function sizes(): HostileCase[] {
  const meshes = (n: number) => Array.from({ length: n }, (_, i) => `---\ntype: Mesh\nname: big-${i}\n`).join('');
  const unit = Buffer.from(meshes(100));
  const fifty = Buffer.alloc(50 * 1000 * 1000);
  for (let off = 0; off < fifty.length; off += unit.length) unit.copy(fifty, off);
  // 10,000 documents: 9,999 valid Meshes and, at the end, one with an uppercase name
  const tenThousand = `${meshes(9999)}---\ntype: Mesh\nname: Big-Last\n`;
  const lines = tenThousand.split('\n').length - 1;
  const huge = (n: number, ch = 'a') => ch.repeat(n);
  return [
    { family: 'size', name: 'a 50 MB file', content: fifty, expect: 3, place: /input\.yaml:1:1: error: input too large/ },
    { family: 'size', name: '10,000 documents, the last one invalid', content: tenThousand, expect: 3, place: fieldAt('name', lines) },
    { family: 'size', name: 'a 1 MiB Mesh name', content: `type: Mesh\nname: ${huge(MIB)}\n`, expect: 3, place: fieldAt('name', 2) },
    { family: 'size', name: 'a 10 MiB label value', content: `type: Mesh\nname: huge-label\nlabels:\n  team: ${huge(10 * MIB, 'b')}\n`, expect: 3, place: fieldAt('labels["team"]', 4) },
    { family: 'size', name: 'a 2 MiB double-quoted label key', content: `type: Mesh\nname: huge-key\nlabels:\n  "${huge(2 * MIB, 'k')}": v\n`, expect: 3, place: at(4) },
    { family: 'size', name: 'a 1 MiB resource type', content: `type: ${huge(MIB, 'M')}\nname: huge-type\n`, expect: 3, place: fieldAt('type', 1) },
    { family: 'size', name: 'a 1 MiB Kubernetes kind', content: `apiVersion: kuma.io/v1alpha1\nkind: ${huge(MIB, 'K')}\nmetadata:\n  name: huge-kind\n`, expect: 3, place: fieldAt('kind', 2) },
    { family: 'size', name: 'a 1 MiB enum value', content: `type: Mesh\nname: huge-enum\nmeshServices:\n  mode: ${huge(MIB, 'E')}\n`, expect: 3, place: fieldAt('meshServices.mode', 4) },
    { family: 'size', name: 'a 1 MiB duration', content: `type: MeshTimeout\nname: huge-duration\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n  - targetRef:\n      kind: Mesh\n    default:\n      idleTimeout: ${huge(MIB, '9')}s\n`, expect: 3, place: fieldAt('spec.to[0].default.idleTimeout', 11) },
    { family: 'size', name: 'a 1 MiB base64 CA certificate', content: `type: Mesh\nname: huge-cert\nmtls:\n  backends:\n  - name: ca-1\n    type: provided\n    conf:\n      cert:\n        inline: ${huge(MIB, 'Q')}!\n      key:\n        secret: k\n`, expect: 3, place: fieldAt('mtls.backends[0].conf.cert.inline', 9) },
    { family: 'size', name: '10,000 unknown fields in one Mesh', content: `type: Mesh\nname: many-fields\n${Array.from({ length: 10_000 }, (_, i) => `field${i}: v\n`).join('')}`, expect: 3, place: fieldAt('field0', 3, 1) },
    { family: 'size', name: '10,000 labels with bad values', content: `type: Mesh\nname: many-labels\nlabels:\n${Array.from({ length: 10_000 }, (_, i) => `  k${i}: "bad value ${i}"\n`).join('')}`, expect: 3, place: fieldAt('labels["k0"]', 4) },
    { family: 'size', name: 'a 30,000-item flow list of wrong types', content: `type: Mesh\nname: long-list\nskipCreatingInitialPolicies: [${Array(30_000).fill('1').join(',')}]\n`, expect: 3, place: fieldAt('skipCreatingInitialPolicies[0]', 3) },
    { family: 'size', name: 'a 5 MiB line of plain text', content: `${huge(5 * MIB, 'x')}\n`, expect: 3, place: at(1) },
    { family: 'size', name: '50,000 empty lines before a bad document', content: `${'\n'.repeat(50_000)}type: Mesh\nname: Late\n`, expect: 3, place: fieldAt('name', 50_002) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Nesting

function nesting(): HostileCase[] {
  const deep = 10_000;
  const nest = (name: string, content: string, place: RegExp = LOCATED): HostileCase => ({ family: 'nesting', name, content, expect: 3, place });
  const blockMaps = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:\n`).join('');
  const blockSeqs = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(2 * i)}-\n`).join('');
  return [
    nest('flow sequences 10,000 deep', `${'['.repeat(deep)}${']'.repeat(deep)}\n`, /input\.yaml:1:\d+: error: nesting deeper than/),
    nest('flow mappings 10,000 deep', `${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`, /input\.yaml:1:\d+: error: nesting deeper than/),
    nest('flow sequences 10,000 deep inside a Mesh field', `type: Mesh\nname: deep\nmtls:\n  backends: ${'['.repeat(deep)}${']'.repeat(deep)}\n`, /input\.yaml:4:\d+: error: nesting deeper than/),
    nest('unclosed flow sequences 10,000 deep', `type: Mesh\nname: deep\nlabels: ${'['.repeat(deep)}\n`, /input\.yaml:3:\d+: error: nesting deeper than/),
    nest('block mappings 2,000 deep', blockMaps, /input\.yaml:\d+:\d+: error: nesting deeper than/),
    nest('block sequences 2,000 deep', blockSeqs, /input\.yaml:\d+:\d+: error: nesting deeper than/),
    nest('compact sequences 10,000 deep on one line', `${'- '.repeat(deep)}x\n`, /input\.yaml:1:\d+: error: nesting deeper than/),
    nest('compact sequences 10,000 deep in a Mesh field', `type: Mesh\nname: deep\nskipCreatingInitialPolicies:\n${'- '.repeat(deep)}x\n`, /input\.yaml:4:\d+: error: nesting deeper than/),
    nest('explicit keys 10,000 deep', `${'? '.repeat(deep)}x\n`, /input\.yaml:1:\d+: error: nesting deeper than/),
    nest('nested JSON 10,000 deep', `{"type": "Mesh", "name": "deep", "labels": ${'{"a": '.repeat(deep)}1${'}'.repeat(deep)}}\n`, /input\.(yaml|json):1:\d+: error: nesting deeper than/),
    // deep but within the parser's bound: the schema names the field
    nest('flow sequences 150 deep where a string list belongs', `type: Mesh\nname: deep-150\nskipCreatingInitialPolicies: ${'['.repeat(150)}${']'.repeat(150)}\n`, fieldAt('skipCreatingInitialPolicies[0]', 3)),
    nest('mappings 150 deep where a label value belongs', `type: Mesh\nname: deep-map\nlabels:\n  team: ${'{a: '.repeat(150)}1${'}'.repeat(150)}\n`, fieldAt('labels["team"]', 4)),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Aliases

function aliases(): HostileCase[] {
  const laughs = (levels: number, width: number, prefix = '') => {
    const lines = [`${prefix}l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
    for (let i = 1; i < levels; i++) lines.push(`${prefix}l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\n`;
  };
  const a = (name: string, content: string, expect: Exit = 3, place: RegExp = LOCATED): HostileCase => ({ family: 'aliases', name, content, expect, ...(expect === 3 ? { place } : {}) });
  const manyAliases = `type: Mesh\nname: many-aliases\nskipCreatingInitialPolicies:\n${Array.from({ length: 2_000 }, (_, i) => `- &a${i} MeshTimeout\n- *a${i}\n`).join('')}`;
  const anchorsThenAliases = `type: Mesh\nname: anchors\nlabels:\n${Array.from({ length: 12_000 }, (_, i) => `  k${i}: &a${i} v\n`).join('')}skipCreatingInitialPolicies: [${Array(999).fill('*a11999').join(', ')}]\n`;
  const bigAnchored = `type: Mesh\nname: big-anchor\nx: &x MeshTimeout\nlabels:\n${Array.from({ length: 2_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}mtls: &m [${Array(900).fill('*x').join(', ')}]\nlogging: *m\n`;
  return [
    a('billion laughs (9 levels of 10)', laughs(9, 10), 3, /input\.yaml:\d+:\d+: error: too many alias/),
    a('billion laughs inside a Mesh', `type: Mesh\nname: lol\nlabels:\n${laughs(9, 10, '  ')}`, 3, /input\.yaml:\d+:\d+: error: too many alias/),
    a('billion laughs in flow style on one line', `[${'&a ["x","x","x","x","x","x","x","x","x","x"], '}${Array.from({ length: 8 }, (_, i) => `&${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join(', ')}]\n`, 3, /input\.yaml:\d+:\d+: error: too many alias/),
    a('2,000 aliases, each of its own anchor', manyAliases, 3, /input\.yaml:\d+:\d+: error: too many aliases/),
    a('12,000 anchors and 999 aliases to the last', anchorsThenAliases, 3, /input\.yaml:\d+:\d+: error: too many anchors and aliases/),
    a('900 aliases inside an anchored node in a big document', bigAnchored, 3, /input\.yaml:\d+:\d+: error: too many anchors and aliases/),
    a('a mapping that contains itself', 'type: Mesh\nname: cycle\nmtls: &m\n  enabledBackend: ca-1\n  loop: *m\n', 3, at(5)),
    a('a list that contains itself', 'type: Mesh\nname: cycle\nskipCreatingInitialPolicies: &s [MeshTimeout, *s]\n', 3, at(3)),
    a('a backend whose conf is the backend', 'type: Mesh\nname: cycle\nmtls:\n  backends:\n  - &b\n    name: ca-1\n    type: builtin\n    conf: *b\n', 3, at(8)),
    a('a policy whose spec contains itself', `type: MeshTimeout\nname: cycle\nmesh: default\nspec: &s\n  targetRef: {kind: Mesh}\n  to:\n  - targetRef: {kind: Mesh}\n    default: {idleTimeout: 1s}\n  from: [*s]\n`, 3, at(9)),
    a('an alias before its anchor', 'type: Mesh\nname: *n\nlabels: {a: &n x}\n'),
    a('an alias used as a key to a map', 'type: Mesh\nname: alias-key\nbase: &b {a: 1}\nlabels:\n  *b : x\n'),
    a('an anchored name reused as a label value (valid)', 'type: Mesh\nname: &n alias-ok-1\nlabels:\n  mesh-name: *n\n', 0),
    a('shared constraint tags through an anchor (valid)', 'type: Mesh\nname: alias-ok-2\nconstraints:\n  dataplaneProxy:\n    requirements:\n    - tags: &t\n        kuma.io/zone: zone-1\n    restrictions:\n    - tags: *t\n', 0),
    a('a merge key (<<) as kumactl reads it (valid)', 'type: Mesh\nname: alias-ok-3\nconstraints:\n  dataplaneProxy:\n    requirements:\n    - tags: &t\n        kuma.io/zone: zone-1\n    restrictions:\n    - tags:\n        <<: *t\n        version: v1\n', 0),
    a('a merge key bringing a wrong type', 'type: Mesh\nname: merge-bad\nbase: &b {enabledBackend: 5}\nmtls:\n  <<: *b\n', 3, fieldAt('mtls.enabledBackend', 4)),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Duplicate keys

function duplicates(): HostileCase[] {
  const dup = (name: string, content: string, place: RegExp): HostileCase => ({ family: 'duplicate-keys', name, content, expect: 3, place });
  const dupMsg = (line: number, key: string) => new RegExp(`input\\.(yaml|json):${line}:\\d+: error: duplicate key ${escapeRe(JSON.stringify(key))}`);
  return [
    dup('name twice', 'type: Mesh\nname: a\nname: b\n', dupMsg(3, 'name')),
    dup('type twice, different values', 'type: Mesh\ntype: MeshTimeout\nname: a\n', dupMsg(2, 'type')),
    dup('a nested key twice', 'type: Mesh\nname: d\nmtls:\n  enabledBackend: a\n  enabledBackend: b\n', dupMsg(5, 'enabledBackend')),
    dup('a label key twice', 'type: Mesh\nname: d\nlabels:\n  team: a\n  team: b\n', dupMsg(5, 'team')),
    dup('a key twice in a flow mapping', 'type: Mesh\nname: d\nlabels: {team: a, env: b, team: c}\n', dupMsg(3, 'team')),
    dup('plain and quoted spellings of one key', 'type: Mesh\nname: d\n"name": e\n', dupMsg(3, '"name"')),
    dup('a number key and a string key that read the same', 'type: Mesh\nname: d\nlabels:\n  "1": a\n  1: b\n', dupMsg(5, '1')),
    dup('a key twice inside a list item', 'type: Mesh\nname: d\nmtls:\n  backends:\n  - name: a\n    type: builtin\n    name: b\n', dupMsg(7, 'name')),
    dup('a key twice in JSON', '{"type": "Mesh", "name": "d", "name": "e"}\n', dupMsg(1, '"name"')),
    dup('metadata twice in a Kubernetes document', 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: a\nmetadata:\n  name: b\n', dupMsg(5, 'metadata')),
    dup('a null key twice', 'type: Mesh\nname: d\n~: a\nnull: b\n', dupMsg(4, 'null')),
    dup('the same resource twice in one file', 'type: Mesh\nname: twice\n---\ntype: Mesh\nname: twice\n', /input\.yaml:4:1: error: defined twice: also at .*input\.yaml:1:1/),
    dup('the same policy twice, Universal and Kubernetes', `${meshTimeout('twice')}---\napiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata:\n  name: twice\n  labels:\n    kuma.io/mesh: default\n${MESH_TIMEOUT_SPEC}`, /error: defined twice/),
    { family: 'duplicate-keys', name: 'keys differing only in case (an unknown field)', content: 'type: Mesh\nname: d\nName: e\n', expect: 3, place: fieldAt('Name', 3, 1) },
    { family: 'duplicate-keys', name: 'one key in two documents (valid)', content: 'type: Mesh\nname: dup-ok-1\n---\ntype: Mesh\nname: dup-ok-2\n', expect: 0 },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Wrong scalar types in every Mesh field, generated from schemas/Mesh.json

type JsonSchema = Record<string, unknown>;
type Path = Array<string | number>;

/** What a field holds, as far as choosing a wrong value goes. */
type Kind = 'object' | 'array' | 'string' | 'bool' | 'uint32' | 'double' | 'duration' | 'date-time' | 'enum' | 'conf' | 'map' | 'base64';

interface MeshField {
  path: Path;
  kind: Kind;
  /** Objects on the way that need a `type` for the field to exist (conf of a builtin CA, ...). */
  types: Array<{ at: Path; type: string }>;
}

/** Values of the wrong type per kind: a scalar of another type, and a collection (or another scalar). */
const WRONG: Record<Kind, Array<[string, unknown]>> = {
  object: [['a string', 'on'], ['a list', [1, 2]]],
  array: [['a string', 'none'], ['a mapping', { first: 'x' }]],
  string: [['a number', 42], ['a list', ['a', 'b']]],
  bool: [['a string', 'maybe'], ['a list', [true]]],
  uint32: [['a word', 'lots'], ['a mapping', { n: 1 }]],
  double: [['a word', 'often'], ['a list', [0.5]]],
  duration: [['a bare number', 30], ['a list', ['1s']]],
  'date-time': [['a number', 1700000000], ['a mapping', { at: 'noon' }]],
  enum: [['a boolean', true], ['a list', ['STRICT']]],
  conf: [['a string', 'defaults'], ['a number', 7]],
  map: [['a string', 'team=a'], ['a number as a value', { team: 1 }]],
  base64: [['a number', 12345], ['a mapping', { pem: 'x' }]],
};

function resolveRef(root: JsonSchema, node: JsonSchema): JsonSchema {
  let n = node;
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    const parts = (n.$ref as string).replace(/^#\//, '').split('/');
    n = parts.reduce<JsonSchema>((acc, p) => acc[p] as JsonSchema, root);
  }
  return n;
}

function kindOf(root: JsonSchema, raw: JsonSchema): Kind {
  const ref = typeof raw.$ref === 'string' ? (raw.$ref as string).split('/').pop()! : '';
  const named: Record<string, Kind> = { string: 'string', bool: 'bool', uint32: 'uint32', double: 'double', goDuration: 'duration', dateTime: 'date-time', anyConf: 'conf', stringMap: 'map' };
  if (named[ref]) return named[ref]!;
  const node = resolveRef(root, raw);
  if (node.properties) return 'object';
  if (node.items) return 'array';
  if (node.else || node.enum) return 'enum';
  if (typeof node.pattern === 'string') return 'base64';
  const types = ([] as unknown[]).concat(node.type ?? []);
  if (types.includes('string')) return 'string';
  throw new Error(`hostile-cases: no wrong values for the schema at ${JSON.stringify(raw)}`);
}

/** Every field of the Mesh schema, depth first, with what must be around it. */
export function meshFields(schema: JsonSchema): MeshField[] {
  const out: MeshField[] = [];
  const walk = (raw: JsonSchema, path: Path, types: MeshField['types']) => {
    const node = resolveRef(schema, raw);
    if (path.length > 0 && !(path.length === 1 && path[0] === 'type')) out.push({ path, kind: kindOf(schema, raw), types });
    const props = (node.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, child] of Object.entries(props)) walk(child, [...path, key], types);
    if (node.items) {
      const item = resolveRef(schema, node.items as JsonSchema);
      if (item.properties) walk(item, [...path, 0], types);
      else out.push({ path: [...path, 0], kind: kindOf(schema, node.items as JsonSchema), types });
    }
    // conf shapes chosen by the backend's type: `if type == builtin then conf: BuiltinCaConf`
    for (const branch of (node.allOf ?? []) as JsonSchema[]) {
      const type = ((branch.if as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined)?.type?.const;
      const thenProps = ((branch.then as JsonSchema | undefined)?.properties ?? {}) as Record<string, JsonSchema>;
      if (typeof type !== 'string') continue;
      for (const [key, child] of Object.entries(thenProps)) {
        const inner = resolveRef(schema, child);
        const innerTypes = [...types, { at: path, type }];
        for (const [k, c] of Object.entries((inner.properties ?? {}) as Record<string, JsonSchema>)) walk(c, [...path, key, k], innerTypes);
      }
    }
  };
  walk(schema, [], []);
  return out;
}

/** Kuma's field string for a document path: `.name`, `[0]`, `["key"]` for map entries. */
function fieldString(path: Path, mapKey?: string): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return mapKey === undefined ? s : `${s}[${JSON.stringify(mapKey)}]`;
}

/** A value to be written in flow style, on the line of its key. */
class Flow {
  constructor(readonly value: unknown) {}
}

/** Block YAML of a skeleton of plain objects and lists, with Flow leaves; the leaf lands on the last line. */
function blockYaml(value: Record<string, unknown>, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v instanceof Flow) lines.push(`${pad}${key}: ${JSON.stringify(v.value)}`);
    else if (Array.isArray(v)) {
      lines.push(`${pad}${key}:`);
      for (const item of v) {
        if (item instanceof Flow) lines.push(`${pad}- ${JSON.stringify(item.value)}`);
        else {
          const inner = blockYaml(item as Record<string, unknown>, indent + 2);
          inner[0] = `${pad}- ${inner[0]!.trimStart()}`;
          lines.push(...inner);
        }
      }
    } else if (typeof v === 'object' && v !== null) {
      lines.push(`${pad}${key}:`);
      lines.push(...blockYaml(v as Record<string, unknown>, indent + 2));
    } else lines.push(`${pad}${key}: ${JSON.stringify(v)}`);
  }
  return lines;
}

/** A Mesh with `leaf` at `field.path`, and the backend types the path needs. */
function meshWith(name: string, field: MeshField, leaf: unknown): string {
  const doc: Record<string, unknown> = { type: 'Mesh', name };
  let cur: Record<string, unknown> | unknown[] = doc;
  const key = (p: Path) => JSON.stringify(p);
  const typeAt = new Map(field.types.map((t) => [key(t.at), t.type]));
  for (let i = 0; i < field.path.length; i++) {
    const seg = field.path[i]!;
    const last = i === field.path.length - 1;
    const nextIsIndex = typeof field.path[i + 1] === 'number';
    const child: unknown = last ? new Flow(leaf) : nextIsIndex ? [] : {};
    if (!last && !nextIsIndex) {
      const t = typeAt.get(key(field.path.slice(0, i + 1)));
      if (t !== undefined) (child as Record<string, unknown>).type = t;
    }
    if (Array.isArray(cur)) cur.push(child);
    else cur[seg as string] = child;
    cur = child as Record<string, unknown> | unknown[];
  }
  const lines = blockYaml(doc);
  return `${lines.join('\n')}\n`;
}

function meshFieldTypes(): HostileCase[] {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/Mesh.json', import.meta.url), 'utf8')) as JsonSchema;
  const out: HostileCase[] = [];
  let n = 0;
  // one wrong value per field, alternating between a scalar of another type and a collection
  for (const [i, field] of meshFields(schema).entries()) {
    const [what, value] = WRONG[field.kind][i % 2]!;
    const name = `wrong-type-${++n}`;
    const content = meshWith(name, field, value);
    const line = content.split('\n').length - 1;
    // a wrong value inside a label map is reported at its entry
    const mapEntry = field.kind === 'map' && typeof value === 'object' && value !== null ? Object.keys(value)[0] : undefined;
    const under = field.types.map((t) => `, type ${t.type}`).join('');
    out.push({ family: 'mesh-field-types', name: `${fieldString(field.path)} (${field.kind}${under}) given ${what}`, content, expect: 3, place: fieldAt(fieldString(field.path, mapEntry), line) });
  }
  // the envelope fields: name, type, mesh, kri, creation time
  const top: Array<[string, string, RegExp]> = [
    ['name given a list', 'type: Mesh\nname: [a, b]\n', fieldAt('name', 2)],
    ['name given a mapping', 'type: Mesh\nname: {first: a}\n', fieldAt('name', 2)],
    ['name given null', 'type: Mesh\nname: null\n', fieldAt('name')],
    ['type given a number', 'type: 5\nname: m\n', fieldAt('type', 1)],
    ['type given a list', 'type: [Mesh]\nname: m\n', fieldAt('type', 1)],
    ['type given a mapping', 'type: {kind: Mesh}\nname: m\n', fieldAt('type', 1)],
    ['labels given a list of pairs', 'type: Mesh\nname: m\nlabels:\n- team: a\n', fieldAt('labels', 3)],
    ['creationTime given a word', 'type: Mesh\nname: m\ncreationTime: yesterday\n', fieldAt('creationTime', 3)],
  ];
  for (const [what, content, place] of top) out.push({ family: 'mesh-field-types', name: what, content, expect: 3, place });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Names: `/`, `..`, spaces, uppercase, and what Kuma does accept

function names(): HostileCase[] {
  const out: HostileCase[] = [];
  const bad = ['a/b', '../etc/passwd', '..', '.', 'a..b', 'a b', 'trailing-space ', 'Payments', 'TEAM', 'team_a', '-a', 'a-', '.a', 'a.', 'a?b', 'a:b', 'a\\tb', '', 'a'.repeat(254), 'a\\u001b[31mred', 'a\\u202eb'];
  for (const n of bad) {
    const quoted = `"${n}"`;
    out.push({ family: 'names', name: `Mesh named ${quoted}`, content: `type: Mesh\nname: ${quoted}\n`, expect: 3, place: fieldAt('name', 2) });
  }
  for (const n of ['a/b', '..', 'a b', 'x/../y']) {
    out.push({ family: 'names', name: `MeshTimeout named "${n}"`, content: meshTimeout(`"${n}"`), expect: 3, place: fieldAt('name', 2) });
  }
  for (const n of ['Team-A', 'a b', 'a/b', '..', '.']) {
    out.push({ family: 'names', name: `MeshTimeout in mesh "${n}"`, content: meshTimeout('in-bad-mesh', `"${n}"`), expect: 3, place: fieldAt('mesh', 3) });
  }
  const dataplane = (name: string) => `type: Dataplane\nmesh: default\nname: ${name}\nnetworking:\n  address: 127.0.0.1\n  inbound:\n  - port: 8080\n    tags:\n      kuma.io/service: web\n`;
  out.push({ family: 'names', name: 'Dataplane named "Web/1"', content: dataplane('"Web/1"'), expect: 3, place: fieldAt('name', 3) });
  out.push({ family: 'names', name: 'Kubernetes MeshTimeout named "My Timeouts"', content: `apiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata:\n  name: My Timeouts\n  labels:\n    kuma.io/mesh: default\n${MESH_TIMEOUT_SPEC}`, expect: 3, place: fieldAt('name', 4) });
  out.push({ family: 'names', name: 'Kubernetes MeshTimeout in mesh label "Team A"', content: `apiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata:\n  name: t\n  labels:\n    kuma.io/mesh: Team A\n${MESH_TIMEOUT_SPEC}`, expect: 3, place: /input\.yaml:6:\d+: error: (mesh|labels\["kuma\.io\/mesh"\]): / });
  out.push({ family: 'names', name: 'label key with two slashes', content: 'type: Mesh\nname: label-slashes\nlabels:\n  a/b/c: x\n', expect: 3, place: fieldAt('labels["a/b/c"]', 4) });
  out.push({ family: 'names', name: 'label value with a space', content: 'type: Mesh\nname: label-space\nlabels:\n  team: pay ments\n', expect: 3, place: fieldAt('labels["team"]', 4) });
  out.push({ family: 'names', name: 'Mesh name of 64 characters', content: `type: Mesh\nname: ${'m'.repeat(64)}\n`, expect: 3, place: fieldAt('name', 2) });
  // accepted by Kuma: uppercase in labels, dots and digits in names, long policy names
  const ok = (name: string, content: string): HostileCase => ({ family: 'names', name, content, expect: 0 });
  out.push(ok('uppercase label key and value (valid)', 'type: Mesh\nname: names-ok-1\nlabels:\n  Team: Payments\n  example.com/Owner: Alice_B\n'));
  out.push(ok('Mesh named with a dot (valid, with a warning)', 'type: Mesh\nname: names-ok.two\n'));
  out.push(ok('Mesh named starting with a digit (valid, with a warning)', 'type: Mesh\nname: 3-names-ok\n'));
  out.push(ok('Mesh name of 63 characters (valid)', `type: Mesh\nname: n${'o'.repeat(61)}k\n`));
  out.push(ok('MeshTimeout name of 253 characters (valid)', meshTimeout(`${'t'.repeat(126)}.${'u'.repeat(126)}`)));
  out.push(ok('MeshTimeout named with dots and digits (valid)', meshTimeout('0.names-ok.1')));
  out.push(ok('Dataplane with an uppercase tag value (valid)', dataplane('names-ok-dp').replace('kuma.io/service: web', 'kuma.io/service: Web_Frontend')));
  out.push(ok('Kubernetes MeshTimeout with a namespace (valid)', `apiVersion: kuma.io/v1alpha1\nkind: MeshTimeout\nmetadata:\n  name: names-ok-k8s\n  namespace: kuma-system\n  labels:\n    kuma.io/mesh: default\n${MESH_TIMEOUT_SPEC}`));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Empty documents and comment-only files

function empty(): HostileCase[] {
  // nothing to check is valid; nothing to apply is not (`no resource(s) passed to apply`, as kumactl)
  const e = (name: string, content: string | Buffer): HostileCase => ({ family: 'empty', name, content, expect: 0, expectApply: 3, place: /input\.yaml/ });
  return [
    e('an empty file', ''),
    e('only newlines', '\n\n\n'),
    e('one comment line', '# nothing here\n'),
    e('many comment lines', '# one\n# two\n   # three, indented\n'),
    e('a document start marker only', '---\n'),
    e('several empty documents', '---\n---\n---\n'),
    e('a document end marker only', '...\n'),
    e('empty documents with comments between', '# a\n---\n# b\n---\n# c\n'),
    e('a null document', '~\n'),
    e('a byte order mark only', Buffer.from([0xef, 0xbb, 0xbf])),
    e('an empty items list', 'items: []\n'),
    { family: 'empty', name: 'an empty mapping', content: '{}\n', expect: 3, place: fieldAt('type', 1) },
    { family: 'empty', name: 'an empty list', content: '[]\n', expect: 3, place: at(1) },
    { family: 'empty', name: 'an empty string document', content: '""\n', expect: 3, place: at(1) },
    { family: 'empty', name: 'a comment then a bad document', content: '# header\n---\ntype: Mesh\n', expect: 3, place: fieldAt('name', 3) },
    { family: 'empty', name: 'empty documents around a valid one (valid)', content: '---\n---\ntype: Mesh\nname: empty-ok-1\n---\n# trailing\n', expect: 0 },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Kubernetes documents of unknown kinds

function kubernetes(): HostileCase[] {
  const k = (name: string, content: string, place: RegExp = fieldAt('kind', 2)): HostileCase => ({ family: 'kubernetes', name, content, expect: 3, place });
  const doc = (apiVersion: string, kind: string, extra = '') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n${extra}`;
  return [
    k('a ConfigMap', doc('v1', 'ConfigMap', 'data:\n  a: b\n')),
    k('a Service', doc('v1', 'Service', 'spec:\n  ports:\n  - port: 80\n')),
    k('an Opaque Secret', doc('v1', 'Secret', 'type: Opaque\ndata:\n  a: Yg==\n'), /input\.yaml:\d+:\d+: error: (kind|type): /),
    k('a CustomResourceDefinition', doc('apiextensions.k8s.io/v1', 'CustomResourceDefinition')),
    k('a custom resource of another group', doc('example.com/v1', 'Widget', 'spec:\n  size: 3\n')),
    k('a misspelt Kuma kind', doc('kuma.io/v1alpha1', 'MeshTimeOut', MESH_TIMEOUT_SPEC)),
    k('a Kuma kind under another apiVersion', doc('v1', 'Mesh')),
    k('a Deployment under the Kuma apiVersion', doc('kuma.io/v1alpha1', 'Deployment')),
    k('a Kuma kind with a future apiVersion', doc('kuma.io/v1beta1', 'Mesh'), fieldAt('apiVersion', 1)),
    k('kind without apiVersion', 'kind: ConfigMap\nmetadata:\n  name: x\n', fieldAt('kind', 1)),
    k('apiVersion without kind', 'apiVersion: v1\nmetadata:\n  name: x\n', fieldAt('kind', 1)),
    k('kind given a number', doc('kuma.io/v1alpha1', '5')),
    k('kind given a list', doc('kuma.io/v1alpha1', '[MeshTimeout]')),
    k('a v1 List of ConfigMaps', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n', fieldAt('kind', 5)),
    k('a Kuma kind with an unknown top-level field', doc('kuma.io/v1alpha1', 'MeshTimeout', `status:\n  ok: true\nextra: 1\n${MESH_TIMEOUT_SPEC}`), fieldAt('extra', 7, 1)),
    k('a Kuma kind with metadata as a string', 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: team-a\n', /input\.yaml:\d+:\d+: error: (metadata|name): /),
    k('a Kuma Mesh whose spec is a list', doc('kuma.io/v1alpha1', 'Mesh', 'spec:\n- mtls\n'), fieldAt('spec', 5)),
    k('a ConfigMap next to a valid Mesh', `type: Mesh\nname: k8s-mixed\n---\n${doc('v1', 'ConfigMap')}`, fieldAt('kind', 5)),
    // Kuma resources in Kubernetes form, and workloads (which say which mesh they join), are read
    { family: 'kubernetes', name: 'a Kuma Mesh in Kubernetes form (valid)', content: 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: k8s-ok-1\nspec:\n  networking:\n    outbound:\n      passthrough: false\n', expect: 0 },
    // valid for validate (which says which mesh the workload joins); apply refuses it: kubectl applies workloads
    { family: 'kubernetes', name: 'a Deployment next to a valid Mesh (valid)', content: `type: Mesh\nname: k8s-ok-2\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    metadata:\n      annotations:\n        kuma.io/mesh: k8s-ok-2\n`, expect: 0, expectApply: 3, place: at(4, 1) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Shapes that are not resources, and wrong types in policies

function shapes(): HostileCase[] {
  const s = (name: string, content: string, place: RegExp, file?: string): HostileCase => ({ family: 'shapes', name, content, expect: 3, place, ...(file ? { file } : {}) });
  return [
    s('a plain scalar document', 'hello\n', at(1)),
    s('a top-level list of resources', '- type: Mesh\n  name: a\n', at(1)),
    s('a resource without type', 'name: m\n', fieldAt('type', 1)),
    s('a lowercase type', 'type: mesh\nname: m\n', fieldAt('type', 1)),
    s('a misspelt type', 'type: MeshTimout\nname: m\n', fieldAt('type', 1)),
    s('a computed type', 'type: MeshInsight\nname: m\n', fieldAt('type', 1)),
    s('items holding a scalar', 'items:\n- 5\n', at(2)),
    s('JSON array document', '[{"type": "Mesh", "name": "a"}]\n', at(1), 'input.json'),
    s('JSON with NaN', '{"type": "Mesh", "name": "nan", "tracing": {"backends": [{"name": "z", "sampling": NaN}]}}\n', LOCATED, 'input.json'),
    s('a MeshTimeout whose to is a mapping', 'type: MeshTimeout\nname: t\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    targetRef:\n      kind: Mesh\n', fieldAt('spec.to', 7)),
    s('a MeshTimeout with a numeric idleTimeout', `type: MeshTimeout\nname: t\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n  - targetRef:\n      kind: Mesh\n    default:\n      idleTimeout: 10\n`, fieldAt('spec.to[0].default.idleTimeout', 11)),
    s('a MeshTimeout whose targetRef kind is a list', 'type: MeshTimeout\nname: t\nmesh: default\nspec:\n  targetRef:\n    kind: [Mesh]\n', fieldAt('spec.targetRef.kind', 6)),
    s('a MeshRetry with a string where a number belongs', 'type: MeshRetry\nname: r\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n  - targetRef:\n      kind: Mesh\n    default:\n      http:\n        numRetries: many\n', fieldAt('spec.to[0].default.http.numRetries', 12)),
    s('a MeshTrafficPermission with action as a number', 'type: MeshTrafficPermission\nname: p\nmesh: default\nspec:\n  targetRef:\n    kind: Mesh\n  from:\n  - targetRef:\n      kind: Mesh\n    default:\n      action: 1\n', fieldAt('spec.from[0].default.action', 11)),
    s('a Dataplane port as a word', 'type: Dataplane\nmesh: default\nname: dp\nnetworking:\n  address: 127.0.0.1\n  inbound:\n  - port: http\n    tags:\n      kuma.io/service: web\n', fieldAt('networking.inbound[0].port', 7)),
    s('a YAML 1.1 boolean where a boolean belongs', 'type: Mesh\nname: yes-no\nrouting:\n  zoneEgress: yes\n', fieldAt('routing.zoneEgress', 4)),
    s('a quoted boolean', 'type: Mesh\nname: quoted-bool\nrouting:\n  zoneEgress: "true"\n', fieldAt('routing.zoneEgress', 4)),
    s('a binary-tagged name', 'type: Mesh\nname: !!binary aGVsbG8=\n', fieldAt('name', 2)),
    s('a __proto__ key at the top', 'type: MeshTimeout\nname: proto\nmesh: default\n__proto__: {polluted: true}\n' + MESH_TIMEOUT_SPEC, fieldAt('__proto__', 4, 1)),
    s('a constructor key in labels', 'type: Mesh\nname: ctor\nlabels:\n  constructor: {a: b}\n', fieldAt('labels["constructor"]', 4)),
    { family: 'shapes', name: 'a quoted integer where a uint32 belongs (valid)', content: 'type: Mesh\nname: shapes-ok-1\nmetrics:\n  enabledBackend: prom\n  backends:\n  - name: prom\n    type: prometheus\n    conf:\n      port: "5670"\n      path: /metrics\n', expect: 0 },
    { family: 'shapes', name: 'null for every optional Mesh section (valid)', content: 'type: Mesh\nname: shapes-ok-2\nmtls: null\ntracing: ~\nlogging:\nmetrics: null\nnetworking: null\nrouting: null\nconstraints: null\nmeshServices: null\n', expect: 0 },
    { family: 'shapes', name: 'a Mesh as JSON (valid)', content: '{"type": "Mesh", "name": "shapes-ok-3", "routing": {"zoneEgress": false}}\n', expect: 0, file: 'input.json' },
  ];
}

/** Every case, in a stable order. */
// ---------------------------------------------------------------------------------------------------
// Policy values that our emulations of Go parsers read: Envoy resources, templates, URLs, regexes

function policyValues(): HostileCase[] {
  const deep = '['.repeat(MIB);
  const braces = '{{'.repeat(MIB / 2);
  const address = `http://${'a:'.repeat(1000)}`;
  const regex = '('.repeat(MIB / 4);
  return [
    {
      family: 'policy-values',
      name: 'a MeshProxyPatch value of 1 MiB of nested brackets',
      content: `type: MeshProxyPatch\nname: deep\nmesh: default\nspec:\n  default:\n    appendModifications:\n    - cluster:\n        operation: Add\n        value: '${deep}'\n`,
      expect: 3,
      place: fieldAt('spec.default.appendModifications[0].cluster.value', 9),
    },
    {
      family: 'policy-values',
      name: 'a HostnameGenerator template of 1 MiB of opening braces',
      content: `type: HostnameGenerator\nname: braces\nspec:\n  template: '${braces}'\n  selector:\n    meshService: {}\n`,
      expect: 3,
      place: fieldAt('spec.template', 4),
    },
    {
      family: 'policy-values',
      name: 'a MeshAccessLog TCP address of 2000 colons and letters',
      content: `type: MeshAccessLog\nname: colons\nmesh: default\nspec:\n  rules:\n  - default:\n      backends:\n      - type: Tcp\n        tcp:\n          address: '${address}'\n`,
      expect: 3,
      place: fieldAt('spec.rules[0].default.backends[0].tcp.address', 10),
    },
    {
      family: 'policy-values',
      name: 'a MeshMetric regex of 256 KiB of opening parentheses',
      content: `type: MeshMetric\nname: parens\nmesh: default\nspec:\n  default:\n    sidecar:\n      profiles:\n        exclude:\n        - type: Regex\n          match: '${regex}'\n`,
      expect: 3,
      place: fieldAt('spec.default.sidecar.profiles.exclude[0].match', 10),
    },
  ];
}

export function hostileCases(): HostileCase[] {
  return [
    ...truncated(),
    ...malformed(),
    ...tabs(),
    ...binary(),
    ...invalidUtf8(),
    ...sizes(),
    ...nesting(),
    ...aliases(),
    ...duplicates(),
    ...meshFieldTypes(),
    ...names(),
    ...empty(),
    ...kubernetes(),
    ...shapes(),
    ...policyValues(),
  ];
}
