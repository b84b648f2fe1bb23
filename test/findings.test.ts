import { describe, it, expect } from 'vitest';
import { formatFinding } from '../src/lib/output/findings.js';

describe('finding lines', () => {
  it('read FILE:LINE:COL: severity: FIELD: MESSAGE (Type "name" in mesh "m")', () => {
    expect(formatFinding({ severity: 'error', file: 'a.yaml', line: 3, column: 5, type: 'MeshTimeout', name: 't', mesh: 'm', field: 'spec', message: 'bad' })).toBe(
      'a.yaml:3:5: error: spec: bad (MeshTimeout "t" in mesh "m")',
    );
    expect(formatFinding({ severity: 'error', file: 'a.yaml', line: 1, column: 1, field: '', message: 'YAML syntax error: x' })).toBe('a.yaml:1:1: error: YAML syntax error: x');
  });

  it('cut a name that would flood the terminal, saying how long it was', () => {
    const line = formatFinding({ severity: 'error', file: 'a.yaml', line: 2, column: 1, type: 'Mesh', name: 'a'.repeat(5000), field: 'name', message: 'too long' });
    expect(line).toBe(`a.yaml:2:1: error: name: too long (Mesh "${'a'.repeat(60)}... (5000 characters)")`);
  });
});

describe('finding lines from hostile input', () => {
  it('show control characters and bidirectional overrides escaped, so one finding stays one harmless line', () => {
    const line = formatFinding({ severity: 'error', file: 'a.yaml', line: 2, column: 1, type: 'Mesh', name: 'a\u001b[2Jb\u202ec\nd', field: 'labels["k"]', message: 'bad\tvalue\r' });
    expect(line).toBe('a.yaml:2:1: error: labels["k"]: bad\\tvalue\\r (Mesh "a\\x1b[2Jb\\u202ec\\nd")');
  });

  it('cut a field path that would flood the terminal', () => {
    const line = formatFinding({ severity: 'error', file: 'a.yaml', line: 3, column: 1, field: 'k'.repeat(10_000), message: 'unknown field' });
    expect(line).toBe(`a.yaml:3:1: error: ${'k'.repeat(160)}... (10000 characters): unknown field`);
  });
});
