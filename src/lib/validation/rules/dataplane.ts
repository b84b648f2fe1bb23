import { FieldPath } from '../field-path.js';
import { asRecord as obj, asArray as list, type Obj } from '../../json.js';
import { error, type Violation } from '../types.js';
import { isGoIP, isGovalidatorDNSName } from '../go-compat.js';

/*
 * The Dataplane rules of Kuma 2.14.3 worth checking before a request: networking present, a usable
 * proxy address, inbound tags (kuma.io/service present, tag charset) and outbounds that name their
 * destination one way. Messages quoted from Kuma are exact; the others are ours.
 */


function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** protobuf-JSON accepts the proto name and the JSON name; the JSON name wins when both are given. */
function field(o: Obj, jsonName: string, protoName: string): unknown {
  const v = o[jsonName];
  return v !== undefined && v !== null ? v : o[protoName];
}

const SERVICE_TAG = 'kuma.io/service';
const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:]*$/;

function sorted(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function validateDataplane(doc: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  const networking = obj(obj(doc)?.networking);
  if (!networking) {
    out.push(error('networking', 'must be defined'));
    return out;
  }
  const root = FieldPath.of('networking');

  const address = str(networking.address);
  const ap = root.field('address').toString();
  if (address === '') out.push(error(ap, "address can't be empty"));
  else {
    if (address === '0.0.0.0' || address === '::') out.push(error(ap, 'must not be 0.0.0.0 or ::'));
    if (!isGoIP(address) && !isGovalidatorDNSName(address)) out.push(error(ap, 'address has to be valid IP address or domain name'));
  }

  list(networking.inbound).forEach((raw, i) => {
    const tags = obj(obj(raw)?.tags);
    if (!tags || Object.keys(tags).length === 0) return;
    const tp = root.field('inbound').index(i).field('tags');
    if (!(SERVICE_TAG in tags)) out.push(error(tp.key(SERVICE_TAG).toString(), 'tag has to exist'));
    for (const key of sorted(Object.keys(tags))) {
      const value = str(tags[key]);
      const kp = tp.key(key).toString();
      if (key === '') out.push(error(tp.toString(), 'tag name must be non-empty'));
      if (!TAG_NAME.test(key)) out.push(error(kp, 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores'));
      if (value === '') out.push(error(kp, 'tag value must be non-empty'));
      else if (!TAG_VALUE.test(value)) {
        out.push(error(kp, 'tag value may only use letters, digits, dots, dashes, underscores and colons (no "/" and no "*" in a data plane tag)'));
      }
    }
  });

  list(networking.outbound).forEach((raw, i) => {
    const outbound = obj(raw) ?? {};
    const op = root.field('outbound').index(i);
    const backendRef = obj(field(outbound, 'backendRef', 'backend_ref'));
    const tags = obj(outbound.tags);
    const hasTags = tags !== undefined && Object.keys(tags).length > 0;
    if (backendRef && hasTags) {
      out.push(error(op.toString(), 'sets both backendRef and tags; name the destination with exactly one of them'));
    } else if (!backendRef && !hasTags) {
      out.push(error(op.toString(), 'needs a destination: either backendRef or tags with kuma.io/service'));
    } else if (hasTags && !(SERVICE_TAG in tags!)) {
      out.push(error(op.field('tags').key(SERVICE_TAG).toString(), 'tag has to exist'));
    }
  });

  return out;
}
