import { asRecord as obj, asArray as list } from '../../json.js';
import type { Violation } from '../types.js';
import { isGoIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { VErr, defaulted, mustBeOneOfMessage, num, str, validateLength, validateTlsVersion } from './kuma-errors.js';
import { displayName } from './display-name.js';

/*
 * MeshExternalServiceResource.validate() of Kuma 2.14.3, on the document with the schema's defaults
 * applied (as kuma-cp decodes it): name length, match, endpoints and TLS unless an extension owns them.
 */

const MATCH_PROTOCOLS = ['tcp', 'grpc', 'http', 'http2'];
const VERIFICATION_MODES = ['SkipSAN', 'SkipCA', 'SkipAll', 'Secured'];
const SAN_MATCH_TYPES = ['Prefix', 'Exact'];

const set = (v: unknown): boolean => v !== undefined && v !== null;

export function validateMeshExternalService(input: Record<string, unknown>): Violation[] {
  const doc = defaulted('MeshExternalService', input);
  const err = new VErr();
  err.merge(validateLength('name', 63, displayName(input)));
  const spec = obj(doc.spec) ?? {};
  err.addAt('spec.match', validateMatch(obj(spec.match) ?? {}));
  const extension = obj(spec.extension);
  if (!extension) {
    if (set(spec.endpoints)) err.addAt('spec.endpoints', validateEndpoints(list(spec.endpoints)));
    const tls = obj(spec.tls);
    if (tls) err.addAt('spec.tls', validateTls(tls));
  }
  if (extension && str(extension.type) === '') err.add('spec.extension.type', 'must not be empty');
  return err.toViolations();
}

function validateMatch(match: Record<string, unknown>): VErr {
  const err = new VErr();
  const type = str(match.type);
  if (type !== 'HostnameGenerator' && type !== '') err.add('type', `unrecognized type '${type}' - only 'HostnameGenerator' is supported`);
  const port = num(match.port);
  if (port === 0 || port > 65535) err.add('port', 'port must be a valid (1-65535)');
  if (!MATCH_PROTOCOLS.includes(str(match.protocol))) err.add('protocol', mustBeOneOfMessage('protocol', MATCH_PROTOCOLS));
  return err;
}

function validateEndpoints(endpoints: unknown[]): VErr {
  const err = new VErr();
  endpoints.forEach((raw, i) => {
    const e = obj(raw) ?? {};
    const address = str(e.address);
    const port = num(e.port);
    const badPort = port === 0 || port > 65535;
    const ip = isGoIP(address);
    const dns = isGovalidatorDNSName(address);
    if (ip && badPort) err.add(`[${i}].port`, 'port must be a valid (1-65535)');
    if (dns && badPort) err.add(`[${i}].port`, 'port must be a valid (1-65535)');
    if (!ip && !dns) err.add(`[${i}].address`, 'address has to be a valid IP or hostname');
  });
  return err;
}

function validateTls(tls: Record<string, unknown>): VErr {
  const err = new VErr();
  const version = obj(tls.version);
  if (version) err.addAt('version', validateTlsVersion(version));
  const verification = obj(tls.verification);
  if (verification) {
    const serverName = verification.serverName;
    if (typeof serverName === 'string' && !isGovalidatorDNSName(serverName)) err.add('verification.serverName', 'must be a valid DNS name');
    const mode = str(verification.mode);
    if (![...VERIFICATION_MODES, ''].includes(mode)) err.add('verification.mode', mustBeOneOfMessage('mode', VERIFICATION_MODES));
    list(verification.subjectAltNames).forEach((raw, i) => {
      if (!SAN_MATCH_TYPES.includes(str(obj(raw)?.type))) err.add(`verification.subjectAltNames[${i}].type`, mustBeOneOfMessage('type', SAN_MATCH_TYPES));
    });
    const cert = set(verification.clientCert);
    const key = set(verification.clientKey);
    if (cert && !key) err.add('verification.clientKey', 'must be defined when clientCert is defined');
    if (!cert && key) err.add('verification.clientCert', 'must be defined when clientKey is defined');
  }
  return err;
}
