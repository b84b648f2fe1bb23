/** ExternalService (Kuma 2.14.3 external_service_validator.go). */
import type { Violation } from '../../types.js';
import { goSplitHostPort, isGoIP } from '../../../go/net.js';
import { isGovalidatorDNSName } from '../../../go/govalidator.js';
import { Verr, Msg, Loc, q, specOf, validateTags, validateMeshPort, parseProtocol, SERVICE_TAG, SUPPORTED_PROTOCOLS, PROTOCOL_TAG, type TagsValidator } from './common.js';

export function validateExternalService(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const err = new Verr();
  const networking = spec.msg('networking');
  err.add(validateNetworking(spec, networking));

  // Kuma's protocol check appends to the outer error directly, so it comes before the other tag findings
  const protocol: TagsValidator = (loc, tags) => {
    const value = tags.get(PROTOCOL_TAG);
    if (value !== undefined && parseProtocol(value) === '<unknown>') {
      err.at(loc.k(PROTOCOL_TAG), `tag ${q(PROTOCOL_TAG)} has an invalid value ${q(value)}. Allowed values: ${SUPPORTED_PROTOCOLS.join(', ')}`);
    }
    return new Verr();
  };
  const tags = spec.map('tags') ?? new Map<string, string>();
  err.add(validateTags(spec.at('tags'), tags, { requireService: true, extraTags: [protocol] }));

  const service = tags.get(SERVICE_TAG) ?? '';
  if (service !== '') {
    const split = goSplitHostPort(networking?.str('address') ?? '');
    if (split && split.host === service) err.at(spec.at('tags').k(SERVICE_TAG), 'cannot be the same as networking.address');
  }
  return err.list;
}

function validateNetworking(spec: Msg, networking: Msg | undefined): Verr {
  const err = new Verr();
  const at = spec.at('networking');
  if (!networking) err.at(at, 'should have networking');
  else err.add(validateAddress(networking.at('address'), networking.str('address')));
  const tls = networking?.msg('tls');
  const tlsAt = networking?.at('tls') ?? at.f('tls');
  if (tls?.has('serverName')) {
    const sni = tls.raw('serverName');
    if (sni === '' || (isRecordValue(sni) && asValue(sni) === '')) err.at(tls.at('serverName'), 'cannot be empty');
  }
  for (const name of ['caCert', 'clientCert', 'clientKey']) {
    err.add(validateDataSource(tls?.at(name) ?? tlsAt.f(name), tls?.msg(name)));
  }
  return err;
}

function isRecordValue(v: unknown): v is { value?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asValue(v: { value?: unknown }): string {
  return typeof v.value === 'string' ? v.value : '';
}

/** system.ValidateDataSource: a data source, when given, names something. */
export function validateDataSource(at: Loc, ds: Msg | undefined): Verr {
  const err = new Verr();
  if (!ds) return err;
  const inline = ds.str('inline');
  const inlineBytes = Buffer.from(inline.replace(/[\r\n]/g, ''), 'base64').length;
  if (inlineBytes === 0 && ds.str('inlineString') === '' && ds.str('secret') === '' && ds.str('file') === '') {
    err.at(at, 'data source cannot be empty');
  }
  return err;
}

function validateAddress(at: Loc, address: string): Verr {
  const err = new Verr();
  if (address === '') {
    err.at(at, "address can't be empty");
    return err;
  }
  const split = goSplitHostPort(address);
  if (!split) err.at(at, 'unable to parse address');
  const host = split?.host ?? '';
  const port = split?.port ?? '';
  if (!isGoIP(host) && !isGovalidatorDNSName(host)) err.at(at, 'address has to be a valid IP address or a domain name');
  let iport = 0;
  if (!/^[0-9]+$/.test(port) || Number(port) > 4294967295) err.at(at, 'unable to parse port in address');
  else iport = Number(port);
  err.add(validateMeshPort(at, iport));
  return err;
}
