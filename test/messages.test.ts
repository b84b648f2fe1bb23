/** The pure parts of the messages a user reads: unknown commands (cobra's rule), nearest names, missing meshes. */
import { describe, it, expect } from 'vitest';
import { unknownCommand } from '../src/lib/cli/unknown-command.js';
import { describeError } from '../src/lib/errors.js';
import { nearest } from '../src/lib/text.js';
import { missingMesh } from '../src/lib/meshes/missing.js';

const KNOWN = [['apply'], ['completion'], ['config', 'view'], ['config', 'control-planes', 'add'], ['config', 'control-planes', 'list'], ['control-plane', 'run'], ['get'], ['help'], ['inspect', 'meshes']];
const say = (...words: string[]) => describeError(unknownCommand(words, KNOWN));

describe("kumactl's unknown-command message (cobra's rule: edit distance 2 or a prefix)", () => {
  it('lists every command within reach, in order, exit 2', () => {
    expect(say('co')).toEqual({
      text: `Error: unknown command "co" for "kumactl"\n\nDid you mean this?\n\tcompletion\n\tconfig\n\tcontrol-plane\n\nRun 'kumactl --help' for usage.`,
      exitCode: 2,
    });
  });

  it('stops at the first word that leads nowhere, and suggests from its level', () => {
    expect(say('config', 'control-plane', 'list').text).toBe(`Error: unknown command "control-plane" for "kumactl config"\n\nDid you mean this?\n\tcontrol-planes\n\nRun 'kumactl config --help' for usage.`);
  });

  it('a word after a command that takes none: no suggestion', () => {
    expect(say('apply', 'aply').text).toBe(`Error: unknown command "aply" for "kumactl apply"\nRun 'kumactl apply --help' for usage.`);
  });
});

describe('nearest', () => {
  it('answers every candidate at the smallest distance, none when too far', () => {
    expect(nearest('team-c', ['team-a', 'team-b', 'payments'])).toEqual(['team-a', 'team-b']);
    expect(nearest('team-aa', ['team-a', 'team-b'])).toEqual(['team-a']);
    expect(nearest('zzz', ['team-a', 'team-b'])).toEqual([]);
  });
});

describe('a mesh that does not exist', () => {
  it("says why that mesh was read: --mesh, the context's default, or none given", () => {
    const text = (...a: Parameters<typeof missingMesh>) => describeError(missingMesh(...a));
    expect(text('team-aa', 'flag', ['team-a', 'team-b'])).toEqual({ text: 'Error: mesh "team-aa" does not exist; did you mean "team-a"?\nmeshes on the control plane: team-a, team-b', exitCode: 4 });
    expect(text('ops', 'context', ['team-a']).text).toBe(`Error: no --mesh given, and mesh "ops" (the current context's default mesh) does not exist\nmeshes on the control plane: team-a; name one with --mesh`);
    expect(text('default', 'default', []).text).toBe(`Error: no --mesh given, and mesh "default" does not exist\nthere is no mesh on the control plane: create one with 'kumactl apply'`);
    const many = Array.from({ length: 12 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    expect(text('x', 'flag', many).text).toBe(`Error: mesh "x" does not exist\nmeshes on the control plane: m00, m01, m02, m03, m04, m05, m06, m07, m08, m09, ... (12 in all: 'kumactl get meshes' lists them)`);
  });
});
