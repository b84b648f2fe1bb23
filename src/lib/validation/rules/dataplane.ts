import { asRecord as obj, asArray as list, type Obj } from '../../json.js';
import type { Violation } from '../types.js';
import { isGoIP } from '../../go/net.js';
import { goParseRequestURI } from '../../go/url.js';
import { validatePrometheusConf } from './mesh.js';
import { Loc, Verr } from './loc.js';
import {
  allowedValuesHint,
  goParseIP,
  overlap,
  validateAddress,
  num,
  parseProtocol,
  pf,
  str,
  strMap,
  SUPPORTED_PROTOCOLS,
  validateMeshPort,
  validateProtoDuration,
} from './kuma-errors.js';
import { validateTags } from './tags.js';

/*
 * DataplaneResource.Validate() of Kuma 2.14.3 (pkg/core/resources/apis/mesh/dataplane_validator.go),
 * rule for rule and in Kuma's order, with Kuma's field strings (including its `transparentProxing`
 * spelling and the `probes`/`metrics` fields rooted outside `networking`) and messages.
 */

const SERVICE_TAG = 'kuma.io/service';
const PROTOCOL_TAG = 'kuma.io/protocol';
const ALLOWED_KINDS = ['MeshExternalService', 'MeshMultiZoneService', 'MeshService'];
const INVALID_KIND = `invalid value. Available values are: ${ALLOWED_KINDS.join(',')}`;
const IDENTIFIER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IDENTIFIER_ERR =
  "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LOOPBACK = goParseIP('127.0.0.1');


function gatewayType(gw: Obj): 'DELEGATED' | 'BUILTIN' {
  const t = gw.type;
  return t === 'BUILTIN' || t === 1 ? 'BUILTIN' : 'DELEGATED';
}

export function validateDataplane(doc: Record<string, unknown>): Violation[] {
  const err = new Verr();
  const networking = obj(obj(doc)?.networking);
  const net = Loc.of('networking');
  if (!networking) {
    err.at(net, 'must be defined');
    return err.toViolations();
  }
  const inbounds = list(networking.inbound).map((i) => obj(i) ?? {});
  const outbounds = list(networking.outbound).map((o) => obj(o) ?? {});
  const listeners = list(networking.listeners);
  const probes = obj(doc.probes);

  const admin = obj(networking.admin);
  if (admin) {
    const port = num(admin.port);
    const at = net.f('admin').f('port');
    if (usesInbound(networking, inbounds, port)) err.at(at, 'must differ from inbound');
    if (usesOutbound(outbounds, port)) err.at(at, 'must differ from outbound');
  }

  const gateway = obj(networking.gateway);
  if (gateway && gatewayType(gateway) === 'DELEGATED') {
    if (inbounds.length > 0) err.at(net.f('inbound'), 'inbound cannot be defined for delegated gateways');
    if (listeners.length > 0) err.at(net.f('listeners'), 'listeners cannot be defined for delegated gateways');
    err.addAt(net.f('gateway'), validateGateway(gateway));
    err.add(validateNetworking(networking, inbounds, outbounds));
    err.add(validateProbes(probes));
  } else if (gateway) {
    if (inbounds.length > 0) err.at(net.f('inbound'), 'inbound cannot be defined for builtin gateways');
    if (outbounds.length > 0) err.at(net.f('outbound'), 'outbound cannot be defined for builtin gateways');
    if (listeners.length > 0) err.at(net.f('listeners'), 'listeners cannot be defined for builtin gateways');
    if (probes) err.at(net.f('probes').at(['probes']), 'probes cannot be defined for builtin gateways');
    err.addAt(net.f('gateway'), validateGateway(gateway));
    err.add(validateNetworking(networking, inbounds, outbounds));
  } else {
    err.add(validateNetworking(networking, inbounds, outbounds));
    err.add(validateProbes(probes));
    const metrics = obj(doc.metrics);
    if (metrics) err.add(validateMetricsBackend(metrics));
    err.addAt(net.f('listeners'), validateListeners(networking, inbounds));
  }
  return err.toViolations();
}

// ---------------------------------------------------------------------------------------------------
// interfaces (DataplaneResource.UsesInboundInterface / UsesOutboundInterface)

function usesInbound(networking: Obj, inbounds: Obj[], port: number): boolean {
  for (const inbound of inbounds) {
    const dataplaneIP = str(inbound.address) !== '' ? str(inbound.address) : str(networking.address);
    const dataplanePort = num(inbound.port);
    const serviceAddress = str(pf(inbound, 'serviceAddress'));
    const workloadIP = serviceAddress !== '' ? serviceAddress : dataplaneIP;
    const servicePort = num(pf(inbound, 'servicePort'));
    const workloadPort = servicePort !== 0 ? servicePort : dataplanePort;
    if (port === dataplanePort && overlap(LOOPBACK, goParseIP(dataplaneIP))) return true;
    if (port === workloadPort && overlap(LOOPBACK, goParseIP(workloadIP))) return true;
  }
  return false;
}

function usesOutbound(outbounds: Obj[], port: number): boolean {
  for (const outbound of outbounds) {
    const ip = str(outbound.address) !== '' ? str(outbound.address) : '127.0.0.1';
    if (port === num(outbound.port) && overlap(LOOPBACK, goParseIP(ip))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// networking

function validateNetworking(networking: Obj, inbounds: Obj[], outbounds: Obj[]): Verr {
  const err = new Verr();
  const net = Loc.of('networking');
  const address = str(networking.address);
  err.add(validateAddress(net, address));
  inbounds.forEach((inbound, i) => {
    const at = net.f('inbound').i(i);
    err.addAt(at, validateInbound(inbound, address));
    const tags = strMap(inbound.tags);
    if (tags.size > 0 && !tags.has(SERVICE_TAG)) err.at(at.f('tags').k(SERVICE_TAG), 'tag has to exist');
  });
  outbounds.forEach((outbound, i) => err.addAt(net.f('outbound').i(i), validateOutbound(outbound)));
  const tp = obj(pf(networking, 'transparentProxying', 'transparent_proxying'));
  // Kuma spells the field `transparentProxing`; the finding points at the real key
  const key = networking.transparentProxying !== undefined ? 'transparentProxying' : 'transparent_proxying';
  err.addAt(net.f('transparentProxing', key), validateTransparentProxying(tp));
  return err;
}

function validateInbound(inbound: Obj, dpAddress: string): Verr {
  const result = new Verr();
  const port = num(inbound.port);
  const servicePort = num(pf(inbound, 'servicePort'));
  const serviceAddress = str(pf(inbound, 'serviceAddress'));
  const address = str(inbound.address);
  result.add(validateMeshPort(Loc.of('port'), port));
  if (servicePort !== 0) result.add(validateMeshPort(Loc.of('servicePort'), servicePort));
  if (serviceAddress !== '') {
    if (!isGoIP(serviceAddress)) result.at(Loc.of('serviceAddress'), 'serviceAddress has to be valid IP address');
    if (serviceAddress === dpAddress && (servicePort === 0 || servicePort === port)) {
      result.at(Loc.of('serviceAddress'), 'serviceAddress and servicePort has to differ from address and port');
    }
  }
  if (address !== '') {
    if (!isGoIP(address)) result.at(Loc.of('address'), 'address has to be valid IP address');
    if (address === serviceAddress && (servicePort === 0 || servicePort === port)) {
      result.at(Loc.of('serviceAddress'), 'serviceAddress and servicePort has to differ from address and port');
    }
  }
  const protocolTag = (loc: Loc, tags: Map<string, string>): Verr => {
    const e = new Verr();
    const value = tags.get(PROTOCOL_TAG);
    if (value !== undefined && parseProtocol(value) === '<unknown>') {
      e.at(loc.k(PROTOCOL_TAG), `tag "${PROTOCOL_TAG}" has an invalid value ${JSON.stringify(value)}. ${allowedValuesHint(SUPPORTED_PROTOCOLS)}`);
    }
    return e;
  };
  result.add(validateTags(Loc.of('tags'), strMap(inbound.tags), { extraTags: [protocolTag] }));
  const protocol = str(inbound.protocol);
  if (protocol !== '' && parseProtocol(protocol) === '<unknown>') {
    result.at(Loc.of('protocol'), `has an invalid value ${JSON.stringify(protocol)}. ${allowedValuesHint(SUPPORTED_PROTOCOLS)}`);
  }
  result.add(validateServiceProbe(obj(pf(inbound, 'serviceProbe', 'service_probe'))));
  return result;
}

function validateServiceProbe(probe: Obj | undefined): Verr {
  const err = new Verr();
  if (!probe) return err;
  const at = Loc.of('serviceProbe');
  const interval = probe.interval;
  if (interval !== undefined && interval !== null) err.add(validateProtoDuration(at.f('interval'), interval));
  const timeout = probe.timeout;
  if (timeout !== undefined && timeout !== null) err.add(validateProtoDuration(at.f('timeout'), timeout));
  for (const [json, proto] of [
    ['unhealthyThreshold', 'unhealthy_threshold'],
    ['healthyThreshold', 'healthy_threshold'],
  ] as const) {
    const v = pf(probe, json, proto);
    if (v === undefined || v === null) continue;
    const value = typeof v === 'object' ? num((v as Obj).value) : num(v);
    if (value === 0) err.at(at.f(json), 'must have a positive value');
  }
  return err;
}

function validateOutbound(outbound: Obj): Verr {
  const result = new Verr();
  result.add(validateMeshPort(Loc.of('port'), num(outbound.port)));
  const address = str(outbound.address);
  if (address !== '' && !isGoIP(address)) result.at(Loc.of('address'), 'address has to be valid IP address');
  const backendRef = obj(pf(outbound, 'backendRef', 'backend_ref'));
  const tags = strMap(outbound.tags);
  const service = tags.get(SERVICE_TAG) ?? '';
  if (backendRef) {
    const kind = str(backendRef.kind);
    if (!ALLOWED_KINDS.includes(kind)) result.at(Loc.of('backendRef', 'kind'), INVALID_KIND);
    if (str(backendRef.name) === '' && strMap(backendRef.labels).size === 0) result.at(Loc.of('backendRef'), "either 'name' or 'labels' should be specified");
    if (kind !== 'MeshExternalService') result.add(validateMeshPort(Loc.of('backendRef', 'port'), num(backendRef.port)));
  } else if (tags.size === 0) {
    if (service === '') result.at(Loc.of('tags'), 'mandatory tag "kuma.io/service" is missing');
  } else {
    result.add(validateTags(Loc.of('tags'), tags, { requireService: true }));
  }
  if (backendRef && (tags.size !== 0 || service !== '')) result.at(Loc.of('backendRef'), 'both backendRef and tags/service cannot be defined');
  return result;
}

/** Fields relative to `reachableBackends.refs` (the caller adds Kuma's prefix). */
function validateTransparentProxying(tp: Obj | undefined): Verr {
  const result = new Verr();
  const rb = obj(pf(tp, 'reachableBackends', 'reachable_backends'));
  if (!tp || !rb) return result;
  const rbKey = tp.reachableBackends !== undefined ? 'reachableBackends' : 'reachable_backends';
  list(rb.refs).forEach((raw, i) => {
    const ref = obj(raw) ?? {};
    const add = (f: string, message: string) => result.at(Loc.root().f('reachableBackends', rbKey).f('refs').i(i).f(f), message);
    const kind = str(ref.kind);
    const name = str(ref.name);
    const namespace = str(ref.namespace);
    const labels = strMap(ref.labels);
    if (!ALLOWED_KINDS.includes(kind)) add('kind', INVALID_KIND);
    if (name !== '') {
      const msg = identifierError(name);
      if (msg) add('name', msg);
    }
    if (name === '' && namespace === '' && labels.size === 0) add('name', 'name or labels are required');
    if (name === '' && namespace !== '') add('name', 'name is required, when namespace is defined');
    if ((name !== '' || namespace !== '') && labels.size > 0) add('labels', 'labels cannot be defined when name is specified');
  });
  return result;
}

function identifierError(id: string): string | undefined {
  if (id === '') return 'cannot be empty';
  if (Buffer.byteLength(id) > 253) return 'value length must less or equal 253';
  if (!IDENTIFIER.test(id)) return IDENTIFIER_ERR;
  return undefined;
}

function validateListeners(networking: Obj, inbounds: Obj[]): Verr {
  const result = new Verr();
  const names = new Set<string>();
  for (const inbound of inbounds) {
    const n = str(inbound.name) !== '' ? str(inbound.name) : String(num(inbound.port));
    if (n !== '') names.add(n);
  }
  const addrPortType = new Map<string, number>();
  list(networking.listeners).forEach((raw, i) => {
    const l = obj(raw) ?? {};
    const ip = Loc.root().i(i);
    const type = l.type === 'ZoneIngress' || l.type === 1 ? 1 : l.type === 'ZoneEgress' || l.type === 2 ? 2 : 0;
    if (type === 0) result.at(ip.f('type'), 'type must be ZoneIngress or ZoneEgress');
    const address = str(l.address);
    const port = num(l.port);
    result.add(validateAddress(ip, address));
    result.add(validateMeshPort(ip.f('port'), port));
    const name = str(l.name);
    if (name !== '') {
      if (names.has(name)) result.at(ip.f('name'), `name ${JSON.stringify(name)} must be unique across inbounds and listeners`);
      names.add(name);
    }
    const key = `${address}:${port}`;
    const existing = addrPortType.get(key);
    if (existing !== undefined) {
      result.at(ip, existing === type ? `address:port ${key} is already used by another listener` : `address:port ${key} is used by listeners of different types`);
    } else addrPortType.set(key, type);
    for (const inbound of inbounds) {
      const inboundAddr = str(inbound.address) !== '' ? str(inbound.address) : str(networking.address);
      if (`${inboundAddr}:${num(inbound.port)}` === key) {
        result.at(ip, `address:port ${key} collides with an inbound listener`);
        break;
      }
    }
  });
  return result;
}

function validateGateway(gateway: Obj): Verr {
  const tags = strMap(gateway.tags);
  const tcpOnly = (loc: Loc, t: Map<string, string>): Verr => {
    const e = new Verr();
    const protocol = t.get(PROTOCOL_TAG);
    if (protocol !== undefined && parseProtocol(protocol) !== 'tcp') {
      e.at(loc.k(PROTOCOL_TAG), `other values than tcp are not allowed, provided value ${JSON.stringify(protocol)}`);
    }
    return e;
  };
  return validateTags(Loc.of('tags'), tags, { requireService: tags.size > 0, extraTags: [tcpOnly] });
}

// ---------------------------------------------------------------------------------------------------
// probes and metrics (rooted at `probes` and `metrics`, outside `networking`)

function validateProbes(probes: Obj | undefined): Verr {
  const err = new Verr();
  if (!probes) return err;
  err.add(validateMeshPort(Loc.of('probes', 'port'), num(probes.port)));
  list(probes.endpoints).forEach((raw, i) => {
    const e = obj(raw) ?? {};
    const p = Loc.of('probes', 'endpoints').i(i);
    err.add(validateMeshPort(p.f('inboundPort'), num(pf(e, 'inboundPort', 'inbound_port'))));
    if (goParseRequestURI(str(pf(e, 'inboundPath', 'inbound_path'))) === null) err.at(p.f('inboundPath'), 'should be a valid URL Path');
    if (goParseRequestURI(str(e.path)) === null) err.at(p.f('path'), 'should be a valid URL Path');
  });
  return err;
}

function validateMetricsBackend(metrics: Obj): Verr {
  const err = new Verr();
  if (str(metrics.type) !== 'prometheus') {
    err.at(Loc.of('metrics', 'type'), 'unknown backend type. Available backends: "prometheus"');
    return err;
  }
  err.add(validatePrometheusConf(metrics.conf, Loc.of('metrics', 'conf')));
  return err;
}
