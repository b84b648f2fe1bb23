import { asRecord as obj, asArray as list } from '../../json.js';
import type { Violation } from '../types.js';
import { defaulted, mustBeOneOf, SUPPORTED_PROTOCOLS } from './kuma-errors.js';
import { Loc, Verr } from './loc.js';

/** MeshMultiZoneServiceResource.validate() of Kuma 2.14.3. */
export function validateMeshMultiZoneService(input: Record<string, unknown>): Violation[] {
  const doc = defaulted('MeshMultiZoneService', input);
  const err = new Verr();
  const spec = obj(doc.spec);
  const matchLabels = obj(obj(obj(spec?.selector)?.meshService)?.matchLabels);
  if (!matchLabels || Object.keys(matchLabels).length === 0) err.at(Loc.of('spec', 'selector', 'meshService', 'matchLabels'), 'cannot be empty');
  const ports = list(spec?.ports);
  if (ports.length === 0) err.at(Loc.of('spec', 'ports'), 'cannot be empty');
  ports.forEach((raw, i) => {
    const port = obj(raw) ?? {};
    if (port.name === '') err.at(Loc.of('spec', 'ports').i(i).f('name'), 'must not be empty');
    const appProtocol = typeof port.appProtocol === 'string' ? port.appProtocol : '';
    if (!SUPPORTED_PROTOCOLS.includes(appProtocol)) err.at(Loc.of('spec', 'ports').i(i).f('appProtocol'), mustBeOneOf('appProtocol', SUPPORTED_PROTOCOLS));
  });
  return err.toViolations();
}
