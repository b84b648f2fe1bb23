import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/lib/output/json.js';
import { expectGolden } from './golden.js';

describe('formatJson (Go json.MarshalIndent, 2 spaces)', () => {
  it('indents with 2 spaces and ends with a newline', () => {
    expect(formatJson({ a: 1, b: [true, null], c: {}, d: [] })).toBe(
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": {},\n  "d": []\n}\n',
    );
  });

  it('escapes <, >, &, U+2028 and U+2029 like Go', () => {
    expect(formatJson('<a href="x">&</a>\u2028\u2029')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029"\n');
  });

  it('escapes control characters like Go and keeps other non-ASCII raw', () => {
    expect(formatJson('\b\f\n\r\t\u0001\u001f\u007fżółw😀')).toBe('"\\b\\f\\n\\r\\t\\u0001\\u001f\u007fżółw😀"\n');
  });

  it('prints numbers like Go float64 encoding', () => {
    expect(formatJson([1, 1.5, 1e21, 1e-7, 0.000001, 123456789])).toBe('[\n  1,\n  1.5,\n  1e+21,\n  1e-7,\n  0.000001,\n  123456789\n]\n');
  });

  it('keeps insertion order, but sorts maps with integer-like keys as Go sorts map keys', () => {
    expect(formatJson({ type: 'Mesh', name: 'x' })).toBe('{\n  "type": "Mesh",\n  "name": "x"\n}\n');
    expect(formatJson({ b: 1, '10': 2, '2': 3, a: 4 })).toBe('{\n  "10": 2,\n  "2": 3,\n  "a": 4,\n  "b": 1\n}\n');
  });

  it('golden: a mixed document', () => {
    expectGolden(
      'json-mixed.json',
      formatJson({ total: 0, items: [], next: null, nested: { s: 'a & b', list: [{ x: 'y' }, [], {}], n: -0.5 } }),
    );
  });
});
