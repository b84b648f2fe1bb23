import { asObject as rec } from '../json.js';
import { byteCompare } from '../output/cells.js';

/*
 * kumactl's `inspect dataplane NAME` text (its Go template in app/kumactl/cmd/inspect), from kuma-cp's
 * `GET /meshes/{mesh}/dataplanes/{name}/policies` answer: a sidecar's attachments with the policies
 * matched on each, or a builtin gateway's listeners, hosts, routes and destinations.
 */

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(rec) : []);
/** A string, or a number as text (ports), else empty. */
const scalarText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
/** Go templates range over a map in sorted key order. */
const sortedEntries = (m: unknown): Array<[string, unknown]> => Object.entries(rec(m)).sort(([a], [b]) => byteCompare(a, b));

/** `DATAPLANE`, `SERVICE name`, or `INBOUND name(service)` (upper case) / lower case for policies. */
export function attachmentText(a: Obj, upper: boolean): string {
  const type = scalarText(a.type);
  const t = upper ? type.toUpperCase() : type;
  if (type === 'dataplane') return t;
  if (type === 'service') return `${t} ${scalarText(a.name)}`;
  return `${t} ${scalarText(a.name)}(${scalarText(a.service)})`;
}

const serviceOf = (tags: unknown, upper: boolean) => `${upper ? 'SERVICE' : 'service'} ${scalarText(rec(tags)['kuma.io/service'])}`;

export function renderDataplanePolicies(answer: Obj): string {
  let out = '';
  if (answer.kind === 'SidecarDataplane' || answer.kind === undefined || answer.kind === '') {
    for (const item of arr(answer.items)) {
      out += `${attachmentText(item, true)}:\n`;
      for (const [typ, policies] of sortedEntries(item.matchedPolicies)) {
        out += `  ${typ}\n    `;
        for (const p of arr(policies)) out += `${scalarText(p.name)}\n`;
      }
      out += '\n';
    }
    return out;
  }
  if (answer.kind === 'MeshGatewayDataplane') {
    out += 'MESHGATEWAY:\n';
    for (const [typ, p] of sortedEntries(answer.policies)) out += `  ${typ}\n    ${scalarText(rec(p).name)}\n`;
    out += '\n';
    for (const l of arr(answer.listeners)) {
      out += `LISTENER (${scalarText(l.protocol)}:${scalarText(l.port)}):\n`;
      for (const h of arr(l.hosts)) {
        out += `  ${scalarText(h.hostName)}:\n`;
        for (const r of arr(h.routes)) {
          out += `    ROUTE ${scalarText(r.route)}:\n`;
          for (const d of arr(r.destinations)) {
            out += `      ${serviceOf(d.tags, true)}:\n`;
            for (const [typ, p] of sortedEntries(d.policies)) out += `        ${typ}\n          ${scalarText(rec(p).name)}\n`;
            out += '\n';
          }
        }
      }
    }
  }
  return out;
}
