import { asRecord as obj } from '../../json.js';

/** model.GetDisplayName: the `kuma.io/display-name` label when set, else the resource name. */
export function displayName(doc: Record<string, unknown>): string {
  const label = obj(doc.labels)?.['kuma.io/display-name'];
  if (typeof label === 'string' && label !== '') return label;
  return typeof doc.name === 'string' ? doc.name : '';
}
