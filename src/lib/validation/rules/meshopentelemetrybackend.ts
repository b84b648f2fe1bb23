/**
 * MeshOpenTelemetryBackend semantic rules (Kuma 2.14.3,
 * pkg/core/resources/apis/meshopentelemetrybackend/api/v1alpha1/validator.go): endpoint (address, port, path by
 * protocol), protocol, env policy.
 */
import type { Violation } from '../types.js';
import { isGoIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { asRecord, isSet, Loc, specOf, type Obj } from './policy-common.js';

export function validateMeshOpenTelemetryBackend(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  const protocol = isSet(spec, 'protocol') && typeof spec.protocol === 'string' ? spec.protocol : 'grpc';
  const endpoint = asRecord(spec.endpoint);
  if (endpoint) out.push(...validateEndpoint(endpoint, protocol, root.f('endpoint')));
  if (protocol !== '' && protocol !== 'grpc' && protocol !== 'http') out.push(root.f('protocol').err('"protocol" must be one of ["grpc", "http"]'));
  const env = asRecord(spec.env);
  if (env) {
    const mode = typeof env.mode === 'string' ? env.mode : '';
    if (mode !== '' && !['Disabled', 'Optional', 'Required'].includes(mode)) {
      out.push(root.f('env').f('mode').err('"mode" must be one of ["Disabled", "Optional", "Required"]'));
    }
    const precedence = typeof env.precedence === 'string' ? env.precedence : '';
    if (precedence !== '' && !['ExplicitFirst', 'EnvFirst'].includes(precedence)) {
      out.push(root.f('env').f('precedence').err('"precedence" must be one of ["ExplicitFirst", "EnvFirst"]'));
    }
  }
  return out;
}

function validateEndpoint(endpoint: Obj, protocol: string, loc: Loc): Violation[] {
  const out: Violation[] = [];
  if (isSet(endpoint, 'address') && typeof endpoint.address === 'string') {
    const address = endpoint.address;
    if (address === '') out.push(loc.f('address').err('must not be empty'));
    else if (!isGoIP(address) && !isGovalidatorDNSName(address)) out.push(loc.f('address').err('address has to be a valid IP or hostname'));
  }
  if (isSet(endpoint, 'port') && typeof endpoint.port === 'number') {
    // Kuma converts the int32 to uint32 before the range check, so a negative port is out of range too.
    const port = endpoint.port;
    if (port <= 0 || port > 65535) out.push(loc.f('port').err('port must be a valid (1-65535)'));
  }
  const path = typeof endpoint.path === 'string' ? endpoint.path : '';
  if (path !== '') {
    const pl = loc.f('path');
    if (protocol === 'grpc' || protocol === '') out.push(pl.err('must not be set when protocol is grpc'));
    else {
      if (!path.startsWith('/')) out.push(pl.err('must start with /'));
      if (/[?#]/.test(path)) out.push(pl.err('must not contain query or fragment'));
    }
  }
  return out;
}
