import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseGetArgv } from '../src/lib/get/fast.js';
import { ROOT } from './helpers/cli.js';
import { CLI_V8_FLAGS } from '../src/lib/v8-flags.js';

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

describe('the bundled fast path (dist/lib/fast-get.cjs)', () => {
  it("is built with a code cache that V8 accepts under the CLI's flags (else every get compiles it again)", () => {
    const check = `require('v8').setFlagsFromString(${JSON.stringify(CLI_V8_FLAGS)});
      const fs = require('fs'), vm = require('vm'), M = require('module'), f = process.argv[1];
      const s = new vm.Script(M.wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: fs.readFileSync(f + '.cache') });
      process.stdout.write(String(s.cachedDataRejected));`;
    const out = execFileSync(process.execPath, ['-e', check, join(ROOT, 'dist', 'lib', 'fast-get.cjs')], { encoding: 'utf8' });
    expect(out).toBe('false');
  });
});
