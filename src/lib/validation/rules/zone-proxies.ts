import { asRecord as obj, asArray as list, type Obj } from '../../json.js';
import type { Violation } from '../types.js';
import { goParseIP, num, overlap, pf, str, strMap, validateAddress, validateMeshPort } from './kuma-errors.js';
import { validateTags } from './tags.js';
import { Loc, Verr } from './loc.js';

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
  const err = new Verr();
  const networking = obj(doc.networking);
  const address = str(networking?.address);
  const advertisedAddress = str(pf(networking, 'advertisedAddress'));
  const port = num(networking?.port);
  const advertisedPort = num(pf(networking, 'advertisedPort'));
  const admin = obj(networking?.admin);
  if (admin) {
    const adminPort = num(admin.port);
    if (usesPort(adminPort, port, address) || usesPort(adminPort, advertisedPort, advertisedAddress)) {
      err.at(Loc.of('networking', 'admin', 'port'), 'must differ from port');
    }
  }
  if (advertisedAddress === '' && advertisedPort !== 0) err.at(Loc.of('networking', 'advertisedAddress'), 'has to be defined with advertisedPort');
  if (advertisedPort === 0 && advertisedAddress !== '') err.at(Loc.of('networking', 'advertisedPort'), 'has to be defined with advertisedAddress');
  if (address !== '') err.add(validateAddress(Loc.of('networking', 'address').at(['networking']), address));
  if (advertisedAddress !== '') err.add(validateAddress(Loc.of('networking', 'advertisedAddress').at(['networking']), advertisedAddress));
  err.add(validateMeshPort(Loc.of('networking', 'port'), port));
  if (advertisedPort !== 0) err.add(validateMeshPort(Loc.of('networking', 'advertisedPort'), advertisedPort));

  list(pf(doc, 'availableServices')).forEach((raw, i) => {
    const svc: Obj = obj(raw) ?? {};
    // Kuma says `availableService`; the document's key is `availableServices`
    err.add(validateTags(Loc.root().f('availableService', 'availableServices').i(i).f('tags'), strMap(svc.tags), { requireService: true }));
  });
  return err.toViolations();
}

export function validateZoneEgress(doc: Record<string, unknown>): Violation[] {
  const err = new Verr();
  const networking = obj(doc.networking);
  const address = str(networking?.address);
  const port = num(networking?.port);
  const admin = obj(networking?.admin);
  if (admin && usesPort(num(admin.port), port, address)) err.at(Loc.of('networking', 'admin', 'port'), 'must differ from port');
  if (address !== '') err.add(validateAddress(Loc.of('networking', 'address').at(['networking']), address));
  err.add(validateMeshPort(Loc.of('networking', 'port'), port));
  return err.toViolations();
}

/** validateAddress at a path that already ends in the address field: Kuma's field repeats `.address`. */