import type { Violation } from '../types.js';
import { asRecord, Loc } from './policy-common.js';
import { validateTags } from './targetref.js';

/*
 * What kuma-cp's admission webhooks check of Kuma's Kubernetes-only kinds beyond their CRD's schema,
 * where it does not depend on the cluster (the system namespace, global or zone mode). Field paths are
 * the document's (`spec.tags`), messages Kuma's.
 */

/** MeshGatewayInstance: its tags as Dataplane tags, without kuma.io/service (Kuma derives that one). */
function meshGatewayInstance(doc: Record<string, unknown>): Violation[] {
  const tags = asRecord(asRecord(doc.spec)?.tags);
  if (!tags) return [];
  const loc = Loc.of('spec', 'tags');
  const out = validateTags(tags, loc, false);
  if ('kuma.io/service' in tags) out.push(loc.err('"kuma.io/service" must not be defined'));
  return out;
}

const RULES: Record<string, (doc: Record<string, unknown>) => Violation[]> = {
  MeshGatewayInstance: meshGatewayInstance,
};

/** The webhook rules of a Kubernetes-only kind, if it has any. */
export function kubernetesOnlyRule(kind: string): ((doc: Record<string, unknown>) => Violation[]) | undefined {
  return RULES[kind];
}
