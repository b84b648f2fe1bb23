import { describe, it, expect } from 'vitest';
import { complete, completionScript } from '../src/lib/completion.js';

const IDS = ['apply', 'get', 'delete', 'validate', 'version', 'config:view', 'config:control-planes:add', 'config:control-planes:list', 'control-plane:run', 'inspect:meshes', '__complete'];

describe('shell completion', () => {
  it('completes commands and sub-commands, never the hidden one', () => {
    expect(complete(['co'], IDS)).toEqual(['config', 'control-plane']);
    expect(complete(['config', 'control-planes', ''], IDS)).toEqual(['add', 'list']);
    expect(complete([''], IDS)).not.toContain('__complete');
  });

  it('completes resource types after get and delete, skipping flag values', () => {
    expect(complete(['get', 'meshtim'], IDS)).toEqual(['meshtimeout', 'meshtimeouts']);
    expect(complete(['get', '-m', 'team-a', 'meshtim'], IDS)).toEqual(['meshtimeout', 'meshtimeouts']);
    expect(complete(['delete', 'global-'], IDS)).toEqual(['global-secret']);
    expect(complete(['get', 'meshes', 'x'], IDS)).toEqual([]);
  });

  it('completes output formats', () => {
    expect(complete(['get', 'meshes', '-o', 'y'], IDS)).toEqual(['yaml']);
  });

  it('prints a script for each shell that calls back into kumactl', () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) expect(completionScript(shell)).toContain('kumactl __complete --');
  });
});
