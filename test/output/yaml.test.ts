import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatYaml, resolvesToNonString, sortYamlKeys } from '../../src/lib/output/yaml.js';
import { expectGolden } from './golden.js';

const one = (v: unknown): string => formatYaml({ v });

describe('formatYaml: layout (go-yaml v2)', () => {
  it('sorts keys, indents by 2, puts sequence items at the key indentation', () => {
    const out = formatYaml({ type: 'Mesh', name: 'm', mtls: { enabledBackend: 'ca-1', backends: [{ type: 'builtin', name: 'ca-1' }] } });
    expect(out).toBe('mtls:\n  backends:\n  - name: ca-1\n    type: builtin\n  enabledBackend: ca-1\nname: m\ntype: Mesh\n');
  });

  it('empty collections and null', () => {
    expect(formatYaml({ a: {}, b: [], c: null, d: [{}, [], null] })).toBe('a: {}\nb: []\nc: null\nd:\n- {}\n- []\n- null\n');
    expect(formatYaml({})).toBe('{}\n');
    expect(formatYaml([])).toBe('[]\n');
  });

  it('nested sequences', () => {
    expect(formatYaml({ a: [[1, 2], ['x']] })).toBe('a:\n- - 1\n  - 2\n- - x\n');
  });

  it('key order: non-letters before letters, digit runs as numbers', () => {
    expect(sortYamlKeys(['b', 'a', 'B', '_', 'a10', 'a9', 'a-b', 'ab', 'A'])).toEqual(['_', 'A', 'B', 'a', 'a-b', 'a9', 'a10', 'ab', 'b']);
  });

  it('numbers: integers as integers, fractions as written', () => {
    expect(formatYaml({ a: 1, b: -2, c: 1.5, f: 0.0001 })).toBe('a: 1\nb: -2\nc: 1.5\nf: 0.0001\n');
  });

  it('booleans', () => {
    expect(formatYaml({ a: true, b: false })).toBe('a: true\nb: false\n');
  });
});

describe('formatYaml: string quoting', () => {
  it.each([
    // YAML 1.1 would misread these: double quotes
    ['on', '"on"'],
    ['off', '"off"'],
    ['On', '"On"'],
    ['yes', '"yes"'],
    ['no', '"no"'],
    ['NO', '"NO"'],
    ['y', '"y"'],
    ['n', '"n"'],
    ['Y', '"Y"'],
    ['true', '"true"'],
    ['True', '"True"'],
    ['false', '"false"'],
    ['null', '"null"'],
    ['Null', '"Null"'],
    ['~', '"~"'],
    ['', '""'],
    ['123', '"123"'],
    ['-1', '"-1"'],
    ['+1', '"+1"'],
    ['1.0', '"1.0"'],
    ['1e3', '"1e3"'],
    ['.5', '".5"'],
    ['0x1F', '"0x1F"'],
    ['0o17', '"0o17"'],
    ['017', '"017"'],
    ['08', '"08"'],
    ['1_000', '"1_000"'],
    ['1:20', '"1:20"'],
    ['.inf', '".inf"'],
    ['-.Inf', '"-.Inf"'],
    ['.nan', '".nan"'],
    ['2024-01-01T00:00:00Z', '"2024-01-01T00:00:00Z"'],
    ['2024-01-01T00:00:00.123456789+02:00', '"2024-01-01T00:00:00.123456789+02:00"'],
    ['2024-01-01', '"2024-01-01"'],
    ['2024-1-2', '"2024-1-2"'],
    ['2024-01-01 10:00:00', '"2024-01-01 10:00:00"'],
    ['0001-01-01T00:00:00Z', '"0001-01-01T00:00:00Z"'],
    // not special: plain
    ['1.2.3', '1.2.3'],
    ['10.0.0.1', '10.0.0.1'],
    ['1s', '1s'],
    ['v1', 'v1'],
    ['yes-please', 'yes-please'],
    ['-x', '-x'],
    ['a#b', 'a#b'],
    ['x:y', 'x:y'],
    [':x', ':x'],
    ['?x', '?x'],
    ['a,b', 'a,b'],
    ['<<', '<<'],
    ["it's", "it's"],
    ['żółw café', 'żółw café'],
    ['http://zipkin.us:8080/v1/spans', 'http://zipkin.us:8080/v1/spans'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['kuma.io/service', 'kuma.io/service'],
    // indicators and blanks: single quotes
    ['a: b', "'a: b'"],
    ['x:', "'x:'"],
    ['- x', "'- x'"],
    ['-', "'-'"],
    ['#x', "'#x'"],
    ['a #b', "'a #b'"],
    ['*x', "'*x'"],
    ['&x', "'&x'"],
    ['!x', "'!x'"],
    ['{x', "'{x'"],
    ['[x', "'[x'"],
    ['{}', "'{}'"],
    ['[]', "'[]'"],
    ['%x', "'%x'"],
    ['@x', "'@x'"],
    ['`x', "'`x'"],
    ['|x', "'|x'"],
    ['>x', "'>x'"],
    ['? x', "'? x'"],
    ['"x', '\'"x\''],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    // characters YAML cannot print raw: double quotes with escapes
    ['bell\u0007', '"bell\\a"'],
  ])('%j → %s', (s, expected) => {
    expect(one(s)).toBe(`v: ${expected}\n`);
    expect(parse(one(s))).toEqual({ v: s });
  });

  it('multi-line strings become literal block scalars', () => {
    expect(one('line1\nline2')).toBe('v: |-\n  line1\n  line2\n');
    expect(one('line1\nline2\n')).toBe('v: |\n  line1\n  line2\n');
    expect(one('line1\n\n')).toBe('v: |+\n  line1\n\n');
    expect(one('a\n\nb')).toBe('v: |-\n  a\n\n  b\n');
    expect(one(' indented\nx')).toBe('v: |2-\n   indented\n  x\n');
    expect(formatYaml({ a: { b: ['x\ny'] } })).toBe('a:\n  b:\n  - |-\n    x\n    y\n');
    for (const s of ['line1\nline2', 'line1\nline2\n', 'line1\n\n', 'a\n\nb', ' indented\nx', '\n']) expect(parse(one(s))).toEqual({ v: s });
  });

  it('quotes keys by the same rules', () => {
    expect(formatYaml({ on: 1, y: 2, '': 3, 'a: b': 4, '123': 5, plain: 6 })).toBe('"": 3\n"123": 5\n\'a: b\': 4\n"on": 1\nplain: 6\n"y": 2\n');
  });

  it('resolution mirrors go-yaml v2', () => {
    expect(resolvesToNonString('0b101')).toBe(true);
    expect(resolvesToNonString('-0b101')).toBe(true);
    expect(resolvesToNonString('9223372036854775808')).toBe(true); // uint64
    expect(resolvesToNonString('99999999999999999999')).toBe(true); // float
    expect(resolvesToNonString('0xFFFFFFFFFFFFFFFFFF')).toBe(false); // out of range, not a float
    expect(resolvesToNonString('hello')).toBe(false);
  });
});

describe('formatYaml: folding of long scalars (go-yaml v2, width 80)', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');


  it('does not fold keys, strings without spaces, or lines up to 80 columns', () => {
    const long = 'x'.repeat(200);
    expect(one(long)).toBe(`v: ${long}\n`);
    const exactly80 = `v: ${'a'.repeat(40)} ${'b'.repeat(36)}`;
    expect(exactly80.length).toBe(80);
    expect(formatYaml({ v: exactly80.slice(3) })).toBe(`${exactly80}\n`);
  });

  it('keeps runs of spaces', () => {
    const s = `${'a'.repeat(85)}  b`;
    expect(one(s)).toBe(`v: ${s}\n`);
  });

});

describe('formatYaml: round trip through the yaml parser', () => {
  it('edge cases kumactl quotes its own way still read back to the same value', () => {
    const edge = ['2024-02-30', "'x", '---', '...', 'a\tb', 'smile 😀', 'nel\u0085', 'a \nb', 'back\\slash "q"\t', 'word '.repeat(40).trim(), 'k'.repeat(200)];
    for (const v of edge) expect(parse(formatYaml({ [v.slice(0, 150)]: v }))).toEqual({ [v.slice(0, 150)]: v });
  });

  it('random strings and keys parse back to the same value', () => {
    const alphabet = ['a', 'b', 'Z', '0', '1', '9', ' ', ' ', ':', '#', '-', '?', ',', '[', ']', '{', '}', "'", '"', '\\', '\n', '\t', '.', '_', '*', '&', '!', '|', '>', '%', '@', '`', 'ż', '😀', '~', '+', 'e', 'x', 'y', 'n', 'o'];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const randomString = (): string => {
      const len = rnd(12);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
      return rnd(10) === 0 ? `${s} ${'word '.repeat(rnd(30))}${s}` : s;
    };
    for (let i = 0; i < 3000; i++) {
      const value = { [randomString()]: randomString(), list: [randomString(), { [randomString()]: [randomString()] }] };
      const out = formatYaml(value);
      expect(parse(out), out).toEqual(value);
    }
  });
});
