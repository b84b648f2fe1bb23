/**
 * HostnameGenerator semantic rules (Kuma 2.14.3, pkg/core/resources/apis/hostnamegenerator/api/v1alpha1/validate.go):
 * exactly one selector, a template that parses, renders with stub values and yields a DNS-1123 subdomain, and an
 * extension with a type.
 */
import type { Violation } from '../types.js';
import { goQuote } from '../field-path.js';
import { runGoTemplate } from '../../go/template.js';
import { asRecord, dns1123SubdomainProblems, isSet, Loc, specOf } from './policy-common.js';

const STUB = { Name: 'name', DisplayName: 'displayname', Namespace: 'namespace', Mesh: 'mesh', Zone: 'zone' };
const STUB_TYPE = 'struct { Name string; DisplayName string; Namespace string; Mesh string; Zone string }';

export function validateHostnameGenerator(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  const selector = asRecord(spec.selector) ?? {};
  const selectors = ['meshService', 'meshExternalService', 'meshMultiZoneService'].filter((k) => isSet(selector, k)).length;
  if (selectors !== 1) out.push(root.f('selector').err('exact one selector (meshService, meshExternalService) must be defined'));

  const tl = root.f('template');
  const template = typeof spec.template === 'string' ? spec.template : '';
  if (template === '') out.push(tl.err('must not be empty'));
  else {
    const r = runGoTemplate(template, STUB, { label: 'label' }, STUB_TYPE);
    if (r.kind === 'parse-error') out.push(tl.err(`couldn't parse template: ${r.message}`));
    else if (r.kind === 'exec-error') out.push(tl.err(`couldn't render template with stub values: ${r.message}`));
    else if (r.kind === 'ok') {
      const problems = dns1123SubdomainProblems(r.rendered);
      if (problems.length > 0) out.push(tl.err(`template renders to ${goQuote(r.rendered)} which is not a valid DNS name: ${problems.join(', ')}`));
    }
  }

  const extension = asRecord(spec.extension);
  if (extension && (typeof extension.type !== 'string' || extension.type === '')) out.push(root.f('extension').f('type').err('must not be empty'));
  return out;
}
