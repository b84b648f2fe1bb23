import { describe, it, expect } from 'vitest';
import { unknownTypeError, nearestTypeName } from '../src/lib/resources/unknown-type.js';

describe('one "unknown type" error, in each command\'s words', () => {
  it('get: the nearest name in the form asked for (a plural to list, a singular with a NAME)', () => {
    expect(unknownTypeError('meshtimout', 'list').message).toBe('unknown resource type "meshtimout"; did you mean "meshtimeouts"?');
    expect(unknownTypeError('meshtimout', 'one').message).toBe('unknown resource type "meshtimout"; did you mean "meshtimeout"?');
    expect(unknownTypeError('meshtimout', 'one').hint).toBe("'kumactl get --help' lists the types");
  });

  it("delete: kumactl's allowed values, and the nearest singular as a hint", () => {
    const err = unknownTypeError('meshretri', 'write');
    expect(err.message).toMatch(/^unknown TYPE: meshretri\. Allowed values: circuit-breaker, dataplane, /);
    expect(err.hint).toBe('did you mean "meshretry"?');
    expect(err.exitCode).toBe(2);
  });

  it('explain: any form of the name; the known types when nothing is near', () => {
    expect(unknownTypeError('MeshTimout', 'explain').message).toBe('unknown type "MeshTimout"; did you mean "meshtimeout"?');
    const far = unknownTypeError('xyzzy', 'explain', ['mesh', 'meshtimeout']);
    expect([far.message, far.hint]).toEqual(['unknown type "xyzzy"', 'Types: mesh, meshtimeout']);
  });

  it('nothing near: no suggestion', () => {
    expect(nearestTypeName('qqqqqqqqqqqqqqqqqqqq', 'write')).toBeUndefined();
  });
});
