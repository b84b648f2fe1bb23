/** MeshGateway (Kuma 2.14.3 gateway_validator.go). */
import type { Violation } from '../../types.js';
import { enumName } from './retry.js';
import {
  Verr,
  Msg,
  specOf,
  validateSelectors,
  validateSelector,
  validateHostname,
  validateMeshPort,
  selectorKeyNotIn,
  EXTERNAL_SERVICE_TAG,
  PROTOCOL_TAG,
  SERVICE_TAG,
  ZONE_TAG,
  requiredConf,
} from './common.js';

const PROTOCOLS = ['NONE', 'TCP', '2', 'TLS', 'HTTP', 'HTTPS'];
const TLS_MODES = ['NONE', 'TERMINATE', 'PASSTHROUGH'];
const WELL_KNOWN = selectorKeyNotIn(EXTERNAL_SERVICE_TAG, PROTOCOL_TAG, SERVICE_TAG, ZONE_TAG);

export function validateMeshGateway(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  const listeners = spec.msg('conf')?.list('listeners') ?? [];
  // a cross-mesh gateway (any cross-mesh listener) serves one service
  const crossMesh = listeners.some((l) => Msg.of(l, spec.loc)?.bool('crossMesh'));
  err.add(
    validateSelectors(spec.at('selectors'), spec.list('selectors'), {
      requireAtLeastOneSelector: true,
      requireAtMostOneSelector: crossMesh,
      requireAtLeastOneTag: true,
      requireService: true,
    }),
  );
  err.add(validateSelector(spec.at('tags'), spec.map('tags') ?? new Map(), { extraKeys: [WELL_KNOWN] }));
  err.add(validateConf(spec));
  return err.list;
}

function validateConf(spec: Msg): Verr {
  const err = new Verr();
  const conf = requiredConf(spec, err, 'cannot be empty');
  if (!conf) return err;
  const at = conf.at('listeners');
  const listeners = (conf.list('listeners') ?? []).map((raw, i) => Msg.of(raw, at.i(i)) ?? new Msg({}, at.i(i)));
  if (listeners.length === 0) err.at(at, 'cannot be empty');
  for (const l of listeners) {
    const hostname = l.str('hostname');
    if (hostname !== '') err.add(validateHostname(l.at('hostname'), hostname));
    err.add(validateMeshPort(l.at('port'), l.num('port') ?? 0));
    const protocol = enumName(PROTOCOLS, l.raw('protocol') ?? 0);
    const crossMesh = l.bool('crossMesh');
    const tls = l.msg('tls');
    const mode = tls ? enumName(TLS_MODES, tls.raw('mode') ?? 0) : 'NONE';
    const certificates = tls?.list('certificates')?.length ?? 0;
    if (protocol === 'NONE') err.at(l.at('protocol'), 'cannot be empty');
    else if (protocol === 'HTTPS') {
      if (crossMesh) err.at(l.at('protocol'), 'protocol is not supported with crossMesh');
      else if (!tls) err.at(l.at('tls'), 'cannot be empty');
      else if (mode === 'PASSTHROUGH') err.at(tls.at('mode'), 'mode is not supported on HTTPS listeners');
    }
    if (tls && !crossMesh) {
      if (mode === 'NONE') err.at(tls.at('mode'), 'cannot be empty');
      else if (mode === 'TERMINATE') {
        if (certificates === 0) err.at(tls.at('certificates'), 'cannot be empty in TLS termination mode');
        else if (certificates > 2) err.at(tls.at('certificates'), 'cannot have more than 2 certificates');
      }
    }
    if (tls && crossMesh && (mode !== 'NONE' || certificates > 0)) err.at(l.at('tls'), 'must be empty with crossMesh');
    err.add(validateSelector(l.at('tags'), l.map('tags') ?? new Map(), { extraKeys: [WELL_KNOWN] }));
  }
  err.add(collapsibility(listeners));
  return err;
}

/** Listeners sharing a port must agree on the protocol, differ in hostname and agree on a connection limit. */
function collapsibility(listeners: Msg[]): Verr {
  const err = new Verr();
  const byPort = new Map<number, { protocols: Map<string, number[]>; hostnames: Map<string, number[]>; limited: number[]; limits: Set<number> }>();
  listeners.forEach((l, i) => {
    const port = l.num('port') ?? 0;
    let entry = byPort.get(port);
    if (!entry) {
      entry = { protocols: new Map(), hostnames: new Map(), limited: [], limits: new Set() };
      byPort.set(port, entry);
    }
    const protocol = enumName(PROTOCOLS, l.raw('protocol') ?? 0);
    entry.protocols.set(protocol, [...(entry.protocols.get(protocol) ?? []), i]);
    const hostname = l.str('hostname') || '*';
    entry.hostnames.set(hostname, [...(entry.hostnames.get(hostname) ?? []), i]);
    const limit = l.msg('resources')?.num('connectionLimit') ?? 0;
    if (limit !== 0) {
      entry.limited.push(i);
      entry.limits.add(limit);
    }
  });
  for (const { protocols } of byPort.values()) {
    if (protocols.size <= 1) continue;
    for (const indexes of protocols.values()) for (const i of indexes) err.at(listeners[i]!.loc, 'protocol conflicts with other listeners on this port');
  }
  for (const { hostnames } of byPort.values()) {
    for (const indexes of hostnames.values()) {
      if (indexes.length <= 1) continue;
      for (const i of indexes) err.at(listeners[i]!.loc, 'multiple listeners for hostname on this port');
    }
  }
  for (const { limited, limits } of byPort.values()) {
    if (limits.size <= 1) continue;
    for (const i of limited) {
      const resources = listeners[i]!.msg('resources')!;
      err.at(resources.at('connectionLimit'), 'conflicting values for this port');
    }
  }
  return err;
}
