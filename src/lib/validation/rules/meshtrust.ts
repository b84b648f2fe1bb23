import { asRecord as obj, asArray as list } from '../../json.js';
import type { Violation } from '../types.js';
import { pemBlocks } from '../provided-ca.js';
import { mustBeOneOf, str, validateLength } from './kuma-errors.js';
import { Loc, Verr } from './loc.js';

/** MeshTrustResource.validate() of Kuma 2.14.3: CA bundles (PEM certificates) and the trust domain. */
export function validateMeshTrust(doc: Record<string, unknown>): Violation[] {
  const err = new Verr();
  const spec = obj(doc.spec) ?? {};
  const bundles = list(spec.caBundles);
  if (bundles.length === 0) err.at(Loc.of('spec', 'caBundles'), 'must not be empty');
  bundles.forEach((raw, i) => {
    const bundle = obj(raw) ?? {};
    const type = str(bundle.type);
    if (type === 'Pem') {
      const pem = obj(bundle.pem);
      if (!pem) {
        err.at(Loc.of('spec', 'caBundles').i(i).f('pem'), 'must be defined');
        return;
      }
      if (!isPemCertificate(str(pem.value))) err.at(Loc.of('spec', 'caBundles').i(i).f('pem').f('value'), 'provided certificate has incorrect format');
    } else {
      // Kuma's quirk: the path is the list's, not the item's
      err.at(Loc.of('spec', 'caBundles').docOnly(i).f('type'), mustBeOneOf(type, ['Pem']));
    }
  });
  const td = str(spec.trustDomain);
  if (td === '') err.at(Loc.of('spec', 'trustDomain'), 'trustDomain needs to be defined');
  err.add(validateLength(Loc.of('spec', 'trustDomain'), 253, td));
  return err.toViolations();
}

const KEY_TYPES = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

function isPemCertificate(s: string): boolean {
  const first = pemBlocks(s)[0];
  return first !== undefined && !KEY_TYPES.has(first.type);
}
