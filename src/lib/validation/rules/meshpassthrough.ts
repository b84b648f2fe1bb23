/**
 * MeshPassthrough semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshpassthrough/api/v1alpha1/validator.go):
 * top-level targetRef, then each `default.appendMatch` entry (port, port/protocol sharing, duplicates, protocol,
 * then the value by type).
 */
import type { Violation } from '../types.js';
import { isGoCIDR, isGoIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { asArray, asRecord, asString, isSet, K, Loc, specOf } from './policy-common.js';
import { validateTopLevelTargetRef } from './targetref.js';

const ALL_PROTOCOLS = ['tcp', 'tls', 'grpc', 'http', 'http2', 'mysql'];
const ONE_PER_PORT = ['grpc', 'http', 'http2'];

export function validateMeshPassthrough(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: [K.Mesh, K.MeshSubset, K.Dataplane], listenerTags: false }));
  const matchesLoc = root.f('default').f('appendMatch');
  const protocolByPort = new Map<number, string>();
  const valuesByPortProtocol = new Map<string, Set<string>>();
  asArray(asRecord(spec.default)?.appendMatch).forEach((m, i) => {
    const match = asRecord(m) ?? {};
    const l = matchesLoc.i(i);
    // The schema has the protocol as a string; a value of another type decodes to "" in no Kuma path we can reach.
    const protocol = typeof match.protocol === 'string' ? match.protocol : '';
    const value = asString(match.value);
    const hasPort = isSet(match, 'port');
    const port = typeof match.port === 'number' ? match.port : 0;
    if (protocol === 'mysql' && !hasPort) out.push(l.f('port').err('port must be defined for Mysql protocol'));
    if ((hasPort && port === 0) || port > 65535) out.push(l.f('port').err('port must be a valid (1-65535)'));
    if (hasPort) {
      const seen = protocolByPort.get(port);
      if (seen !== undefined && seen !== protocol && ONE_PER_PORT.includes(protocol)) {
        out.push(l.f('port').err('using the same port in multiple matches requires the same protocol for the following protocols: [grpc http http2]'));
      } else {
        protocolByPort.set(port, protocol);
      }
      const key = `${port}/${protocol}`;
      const values = valuesByPortProtocol.get(key);
      if (values === undefined) valuesByPortProtocol.set(key, new Set([value]));
      else if (values.has(value)) out.push(l.f('value').err(`value ${value} is already defiend for this port and protocol`));
      else values.add(value);
    }
    if (!ALL_PROTOCOLS.includes(protocol)) {
      out.push(l.f('protocol').err('"protocol" must be one of ["tcp", "tls", "grpc", "http", "http2", "mysql"]'));
    }
    const type = asString(match.type);
    switch (type) {
      case 'CIDR':
        if (!isGoCIDR(value)) out.push(l.f('value').err('provided CIDR has incorrect value'));
        break;
      case 'IP':
        if (!isGoIP(value)) out.push(l.f('value').err('provided IP has incorrect value'));
        break;
      case 'Domain': {
        if (protocol === 'tcp' || protocol === 'mysql') out.push(l.f('protocol').err(`protocol ${protocol} is not supported for a domain`));
        if (/^\*[^.]+/.test(value)) out.push(l.f('value').err('provided DNS has incorrect value, partial wildcard is currently not supported'));
        if (!hasPort && value.startsWith('*') && ONE_PER_PORT.includes(protocol)) {
          out.push(l.f('port').err("wildcard domains doesn't work for all ports and layer 7 protocol"));
        }
        const host = value.startsWith('*.') ? value.slice(2) : value;
        if (!host.startsWith('*') && !isGovalidatorDNSName(host)) out.push(l.f('value').err('provided DNS has incorrect value'));
        break;
      }
      default:
        out.push(l.f('type').err(`provided type ${type} is not supported, one of Domain, IP, or CIDR is supported`));
    }
  });
  return out;
}
