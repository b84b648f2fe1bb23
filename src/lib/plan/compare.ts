import type { ResourceType } from '../resources/registry.js';
import { applyMeshDefaults } from '../resources/mesh-defaults.js';
import { normaliseForStorage } from '../validation/schema.js';
import { dropNulls, isRecord, sameJson } from '../json.js';
import { formatYaml } from '../output/yaml.js';
import { SERVER_FIELDS, COMPUTED_LABELS, dropZoneTags } from '../resources/computed.js';

/**
 * The part of a resource a user controls, in the form the control plane stores it: unknown fields
 * dropped and schema defaults filled in (as kuma-cp does), server-computed fields and labels left out.
 */
export function comparable(type: ResourceType, value: Record<string, unknown>, desiredLabels?: Record<string, unknown>): Record<string, unknown> {
  const copy = dropNulls(value) as Record<string, unknown>;
  normaliseForStorage(type.name, copy);
  if (type.name === 'Mesh') applyMeshDefaults(copy);
  for (const k of SERVER_FIELDS) delete copy[k];
  if (type.name === 'Dataplane') dropZoneTags(copy);
  if (type.scope === 'Global') delete copy.mesh;
  const labels = isRecord(copy.labels) ? { ...copy.labels } : {};
  const wanted = desiredLabels ?? labels;
  for (const k of COMPUTED_LABELS) if (!(k in wanted)) delete labels[k];
  if (Object.keys(labels).length > 0) copy.labels = labels;
  else delete copy.labels;
  return copy;
}

/** Whether the live resource already is what the document asks for; and, if not, both sides as YAML for a diff. */
export function compare(type: ResourceType, desired: Record<string, unknown>, live: Record<string, unknown>): { equal: true } | { equal: false; before: string; after: string } {
  const want = comparable(type, desired);
  const have = comparable(type, live, isRecord(desired.labels) ? desired.labels : {});
  if (sameJson(have, want)) return { equal: true };
  return { equal: false, before: formatYaml(have), after: formatYaml(want) };
}
