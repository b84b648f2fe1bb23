import { asRecord as obj, asArray as list, type Obj } from '../../json.js';
import type { Violation } from '../types.js';
import { VErr, goParseIP, num, overlap, pf, str, strMap, validateAddress, validateMeshPort, validateTags } from './kuma-errors.js';

/*
 * ZoneIngressResource.Validate() and ZoneEgressResource.Validate() of Kuma 2.14.3
 * (pkg/core/resources/apis/mesh/zone_ingress_validator.go, zone_egress_validator.go), with Kuma's
 * fields: an address is reported at `networking.address.address` (validateAddress adds `.address` to a
 * path that already names it) and the services at `availableService[i]`.
 */

const LOOPBACK = goParseIP('127.0.0.1');

function usesPort(port: number, ownPort: number, address: string): boolean {
  return port === ownPort && overlap(LOOPBACK, goParseIP(address));
}

export function validateZoneIngress(doc: Record<string, unknown>): Violation[] {
  const err = new VErr();
  const networking = obj(doc.networking);
  const address = str(networking?.address);
  const advertisedAddress = str(pf(networking, 'advertisedAddress'));
  const port = num(networking?.port);
  const advertisedPort = num(pf(networking, 'advertisedPort'));
  const admin = obj(networking?.admin);
  if (admin) {
    const adminPort = num(admin.port);
    if (usesPort(adminPort, port, address) || usesPort(adminPort, advertisedPort, advertisedAddress)) {
      err.add('networking.admin.port', 'must differ from port');
    }
  }
  if (advertisedAddress === '' && advertisedPort !== 0) err.add('networking.advertisedAddress', 'has to be defined with advertisedPort');
  if (advertisedPort === 0 && advertisedAddress !== '') err.add('networking.advertisedPort', 'has to be defined with advertisedAddress');
  if (address !== '') addAddress(err, 'networking.address', address, ['networking', 'address']);
  if (advertisedAddress !== '') addAddress(err, 'networking.advertisedAddress', advertisedAddress, ['networking', 'advertisedAddress']);
  err.merge(validateMeshPort('networking.port', port));
  if (advertisedPort !== 0) err.merge(validateMeshPort('networking.advertisedPort', advertisedPort));

  list(pf(doc, 'availableServices')).forEach((raw, i) => {
    const svc: Obj = obj(raw) ?? {};
    for (const v of validateTags(`availableService[${i}].tags`, strMap(svc.tags), { requireService: true }).violations) {
      // Kuma says `availableService`; the document's key is `availableServices`
      const rest = v.field.slice(`availableService[${i}].tags`.length);
      const key = /^\["/.test(rest) ? [JSON.parse(rest.slice(1, -1)) as string] : [];
      err.add(v.field, v.message, ['availableServices', i, 'tags', ...key]);
    }
  });
  return err.toViolations();
}

export function validateZoneEgress(doc: Record<string, unknown>): Violation[] {
  const err = new VErr();
  const networking = obj(doc.networking);
  const address = str(networking?.address);
  const port = num(networking?.port);
  const admin = obj(networking?.admin);
  if (admin && usesPort(num(admin.port), port, address)) err.add('networking.admin.port', 'must differ from port');
  if (address !== '') addAddress(err, 'networking.address', address, ['networking', 'address']);
  err.merge(validateMeshPort('networking.port', port));
  return err.toViolations();
}

/** validateAddress at a path that already ends in the address field: Kuma's field repeats `.address`. */
function addAddress(err: VErr, path: string, address: string, docPath: Array<string | number>): void {
  for (const v of validateAddress(path, address).violations) err.add(v.field, v.message, docPath);
}
