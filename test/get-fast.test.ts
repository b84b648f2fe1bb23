import { describe, it, expect } from 'vitest';
import { parseGetArgv } from '../src/lib/get/fast.js';

describe('get without the command framework: which command lines it takes', () => {
  it('reads the plain forms: flags of get and global flags, each once, anywhere, with = or a separate value', () => {
    expect(parseGetArgv(['meshtimeouts', '-m', 'team-a', '-A', '--output=json', '--size', '20', '--offset', '40', '--no-config', '--cp-address', 'http://127.0.0.1:5681'])).toEqual({
      request: { type: 'meshtimeouts', mesh: 'team-a', allMeshes: true, output: 'json', size: 20, offset: '40' },
      flags: { 'no-config': true, 'cp-address': 'http://127.0.0.1:5681' },
    });
    expect(parseGetArgv(['--mesh=m', 'meshtimeout', 'x', '--api-timeout', '5s'])).toEqual({
      request: { type: 'meshtimeout', name: 'x', mesh: 'm', allMeshes: false, output: 'table' },
      flags: { 'no-config': false, 'api-timeout': '5s' },
    });
  });

  it('reads short flags with their value attached, as oclif does: -ojson, -o=json, -mm1', () => {
    expect(parseGetArgv(['meshtimeouts', '-ojson', '-mm1'])).toEqual({
      request: { type: 'meshtimeouts', mesh: 'm1', allMeshes: false, output: 'json' },
      flags: { 'no-config': false },
    });
    expect(parseGetArgv(['meshes', '-o=yaml'])?.request.output).toBe('yaml');
    // what oclif would report or read otherwise stays with oclif
    for (const argv of [['meshes', '-o='], ['meshes', '-oxml'], ['meshes', '-m-A'], ['meshes', '-Ajson']]) expect(parseGetArgv(argv), argv.join(' ')).toBeUndefined();
  });

  it('leaves to oclif what it would have to judge: help, unknown, repeated or combined flags, bad values, `--`, wrong argument counts', () => {
    for (const argv of [
      ['meshes', '--help'],
      ['meshes', '-h'],
      ['meshes', '--mesh', 'a', '--mesh', 'b'],
      ['meshes', '--colour'],
      ['meshes', '-Ao', 'json'],
      ['meshes', '-o', 'xml'],
      ['meshes', '--size', '0'],
      ['meshes', '--size', '1001'],
      ['meshes', '--size', 'ten'],
      ['meshes', '--mesh'],
      ['meshes', '--mesh', '--all-meshes'],
      ['meshes', '--all-meshes=false'],
      ['--', 'meshes'],
      [],
      ['meshtimeout', 'a', 'b'],
    ]) {
      expect(parseGetArgv(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
