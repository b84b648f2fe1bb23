import { describe, it, expect } from 'vitest';
import { validateResource } from '../../src/lib/validation/index.js';
import { typeByName } from '../../src/lib/resources/registry.js';
import type { Strictness } from '../../src/lib/validation/types.js';

const MESH = typeByName('Mesh')!;
const check = (skip: unknown, strictness: Strictness = 'strict') => validateResource(MESH, { type: 'Mesh', name: 'm', skipCreatingInitialPolicies: skip }, { strictness });

describe('skipCreatingInitialPolicies names policy types, or "*"', () => {
  it('takes policy types and "*" without a word', () => {
    expect(check(['MeshTimeout', 'MeshRetry', 'MeshCircuitBreaker'])).toEqual([]);
    expect(check(['*'])).toEqual([]);
    expect(check(['MeshTrafficPermission', 'TrafficPermission'])).toEqual([]);
  });

  it('a name Kuma would ignore: an error in strict mode, with the type meant', () => {
    expect(check(['MeshRetry', 'MeshTimeouts'])).toEqual([
      {
        severity: 'error',
        field: 'skipCreatingInitialPolicies[1]',
        message: 'unknown policy type "MeshTimeouts"; Kuma ignores it and creates that default policy anyway',
        path: ['skipCreatingInitialPolicies', 1],
        hint: 'did you mean "MeshTimeout"?',
      },
    ]);
    expect(check(['meshcircuitbreaker'])[0]).toMatchObject({ message: 'unknown policy type "meshcircuitbreaker"; Kuma ignores it and creates that default policy anyway', hint: 'did you mean "MeshCircuitBreaker"?' });
    expect(check(['all'])[0]!.message).toBe('unknown policy type "all" (a policy type such as "MeshTimeout", or "*" for all of them); Kuma ignores it');
  });

  it('a warning in warn mode, nothing in ignore mode (kuma-cp accepts it)', () => {
    expect(check(['MeshTimeouts'], 'warn').map((v) => v.severity)).toEqual(['warning']);
    expect(check(['MeshTimeouts'], 'ignore')).toEqual([]);
  });
});
