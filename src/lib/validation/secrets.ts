import { asArray as list, asRecord as obj } from '../json.js';

/*
 * kuma-cp's check before a Secret is deleted (pkg/core/secrets/manager/validator.go): a secret an mTLS
 * backend of its mesh uses cannot go. The builtin CA uses `<mesh>.ca-builtin-cert-<backend>` and
 * `<mesh>.ca-builtin-key-<backend>`, a provided CA the secrets its `cert` and `key` name.
 */

/** Secrets an mTLS backend uses (the CA managers' UsedSecrets); [] for a type kuma-cp has no manager for. */
export function usedSecrets(mesh: string, backend: Record<string, unknown>): string[] {
  const name = typeof backend.name === 'string' ? backend.name : '';
  if (backend.type === 'builtin') return [`${mesh}.ca-builtin-cert-${name}`, `${mesh}.ca-builtin-key-${name}`];
  if (backend.type === 'provided') {
    const conf = obj(backend.conf);
    const out: string[] = [];
    for (const key of ['cert', 'key']) {
      const secret = obj(conf?.[key])?.secret;
      if (typeof secret === 'string' && secret !== '') out.push(secret);
    }
    return out;
  }
  return [];
}

/** Kuma's violations for deleting `secret` of `mesh` (a Universal Mesh document), one per backend using it. */
export function secretDeleteViolations(mesh: Record<string, unknown>, secret: string): Array<{ field: string; message: string }> {
  const meshName = typeof mesh.name === 'string' ? mesh.name : '';
  const out: Array<{ field: string; message: string }> = [];
  for (const raw of list(obj(mesh.mtls)?.backends)) {
    const backend = obj(raw);
    if (!backend || !usedSecrets(meshName, backend).includes(secret)) continue;
    const name = JSON.stringify(typeof backend.name === 'string' ? backend.name : '');
    out.push({
      field: 'name',
      message: `The secret ${JSON.stringify(secret)} that you are trying to remove is currently in use in Mesh ${JSON.stringify(meshName)} in mTLS backend ${name}. Please remove the reference from the ${name} backend before removing the secret.`,
    });
  }
  return out;
}
