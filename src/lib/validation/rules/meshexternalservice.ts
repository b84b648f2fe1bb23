import { asRecord as obj, asArray as list } from '../../json.js';
import type { Violation } from '../types.js';
import { isGoIP } from '../../go/net.js';
import { isGovalidatorDNSName } from '../../go/govalidator.js';
import { defaulted, mustBeOneOfMessage, num, str, validateLength, validateTlsVersion } from './kuma-errors.js';
import { Loc, Verr } from './loc.js';
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
  const err = new Verr();
  err.add(validateLength(Loc.of('name'), 63, displayName(input)));
  const spec = obj(doc.spec) ?? {};
  err.addAt(Loc.of('spec', 'match'), validateMatch(obj(spec.match) ?? {}));
  const extension = obj(spec.extension);
  if (!extension) {
    if (set(spec.endpoints)) err.addAt(Loc.of('spec', 'endpoints'), validateEndpoints(list(spec.endpoints)));
    const tls = obj(spec.tls);
    if (tls) err.addAt(Loc.of('spec', 'tls'), validateTls(tls));
  }
  if (extension && str(extension.type) === '') err.at(Loc.of('spec', 'extension', 'type'), 'must not be empty');
  return err.toViolations();
}

function validateMatch(match: Record<string, unknown>): Verr {
  const err = new Verr();
  const type = str(match.type);
  if (type !== 'HostnameGenerator' && type !== '') err.at(Loc.of('type'), `unrecognized type '${type}' - only 'HostnameGenerator' is supported`);
  const port = num(match.port);
  if (port === 0 || port > 65535) err.at(Loc.of('port'), 'port must be a valid (1-65535)');
  if (!MATCH_PROTOCOLS.includes(str(match.protocol))) err.at(Loc.of('protocol'), mustBeOneOfMessage('protocol', MATCH_PROTOCOLS));
  return err;
}

function validateEndpoints(endpoints: unknown[]): Verr {
  const err = new Verr();
  endpoints.forEach((raw, i) => {
    const e = obj(raw) ?? {};
    const address = str(e.address);
    const port = num(e.port);
    const badPort = port === 0 || port > 65535;
    const ip = isGoIP(address);
    const dns = isGovalidatorDNSName(address);
    if (ip && badPort) err.at(Loc.root().i(i).f('port'), 'port must be a valid (1-65535)');
    if (dns && badPort) err.at(Loc.root().i(i).f('port'), 'port must be a valid (1-65535)');
    if (!ip && !dns) err.at(Loc.root().i(i).f('address'), 'address has to be a valid IP or hostname');
  });
  return err;
}

function validateTls(tls: Record<string, unknown>): Verr {
  const err = new Verr();
  const version = obj(tls.version);
  if (version) err.addAt(Loc.of('version'), validateTlsVersion(version));
  const verification = obj(tls.verification);
  if (verification) {
    const serverName = verification.serverName;
    if (typeof serverName === 'string' && !isGovalidatorDNSName(serverName)) err.at(Loc.of('verification', 'serverName'), 'must be a valid DNS name');
    const mode = str(verification.mode);
    if (![...VERIFICATION_MODES, ''].includes(mode)) err.at(Loc.of('verification', 'mode'), mustBeOneOfMessage('mode', VERIFICATION_MODES));
    list(verification.subjectAltNames).forEach((raw, i) => {
      if (!SAN_MATCH_TYPES.includes(str(obj(raw)?.type))) err.at(Loc.of('verification', 'subjectAltNames').i(i).f('type'), mustBeOneOfMessage('type', SAN_MATCH_TYPES));
    });
    const cert = set(verification.clientCert);
    const key = set(verification.clientKey);
    if (cert && !key) err.at(Loc.of('verification', 'clientKey'), 'must be defined when clientCert is defined');
    if (!cert && key) err.at(Loc.of('verification', 'clientCert'), 'must be defined when clientKey is defined');
  }
  return err;
}
