import { describe, expect, it } from 'vitest';
import { addControlPlane, defaultConfig, removeControlPlane, serializeConfig, switchContext, type KumactlConfig } from '../../src/lib/config/index.js';
import { formatYaml } from '../../src/lib/output/yaml.js';
import { UserError } from '../../src/lib/errors.js';

const staging = { name: 'staging', coordinates: { apiServer: { url: 'https://staging:5682' } } };

describe('config edits (pure: the configuration given is left as it was)', () => {
  it('add: control plane and context of the same name, made current; same name again needs overwrite', () => {
    const before = defaultConfig();
    const after = addControlPlane(before, staging);
    expect(before).toEqual(defaultConfig());
    expect(after.currentContext).toBe('staging');
    expect(after.contexts).toEqual([{ name: 'local', controlPlane: 'local' }, { name: 'staging', controlPlane: 'staging' }]);
    expect(() => addControlPlane(after, staging)).toThrow('Control Plane with name "staging" already exists. Use --overwrite to replace an existing one.');
    const replaced = addControlPlane(after, { name: 'staging', coordinates: { apiServer: { url: 'http://other' } } }, { overwrite: true });
    expect(replaced.controlPlanes?.map((c) => c.coordinates.apiServer.url)).toEqual(['http://localhost:5681', 'http://other']);
  });

  it('remove: every context pointing at it goes; the first remaining context becomes current', () => {
    const config: KumactlConfig = { ...addControlPlane(defaultConfig(), staging), contexts: [{ name: 'a', controlPlane: 'staging' }, { name: 'b', controlPlane: 'staging' }, { name: 'local', controlPlane: 'local' }], currentContext: 'b' };
    const { config: after, current } = removeControlPlane(config, 'staging');
    expect(after.contexts).toEqual([{ name: 'local', controlPlane: 'local' }]);
    expect(current).toEqual({ name: 'local', controlPlane: 'local' });
    expect(config.contexts).toHaveLength(3);
    expect(removeControlPlane(after, 'local')).toEqual({ config: { controlPlanes: [], contexts: [], currentContext: '' } });
    expect(() => removeControlPlane(after, 'nope')).toThrow(UserError);
  });

  it('switch: the named context becomes current, or kumactl\'s error', () => {
    const config = addControlPlane(defaultConfig(), staging);
    expect(switchContext(config, 'local').currentContext).toBe('local');
    expect(config.currentContext).toBe('staging');
    expect(() => switchContext(config, 'nope')).toThrow('there is no Control Plane with name "nope"');
  });
});

describe('one YAML 1.1 quoting for the config file and -o yaml (go-yaml v2 in both)', () => {
  it('quotes what Go reads as another type, and only that', () => {
    for (const [s, quoted] of [
      ['2024-01-02', '"2024-01-02"'], // a date Go's time.Parse accepts
      ['2024-13-45', '2024-13-45'], // no such month: a string to go-yaml, so plain
      ['2024-02-30', '2024-02-30'],
      ['<<', '<<'],
      ['1:20', '"1:20"'],
      ['- x', "'- x'"],
    ]) {
      expect(serializeConfig({ currentContext: s }), s).toBe(`currentContext: ${quoted}\n`);
      expect(formatYaml({ currentContext: s }), s).toBe(`currentContext: ${quoted}\n`);
    }
  });
});
