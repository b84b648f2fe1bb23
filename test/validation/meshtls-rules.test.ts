import { describe, expect, it } from 'vitest';
import { E, runRules, W } from '../helpers/policy-rules.js';

const tls = (spec: string) => runRules('MeshTLS', spec);
const FROM_DEPRECATED = W('spec.from', "'from' field is deprecated, use 'rules' instead");

describe('MeshTLS rules (Kuma 2.14.3)', () => {
  it('from must be empty next to rules; ciphers and versions only with a Mesh top level', () => {
    expect(tls('targetRef: {kind: Dataplane, labels: {app: a}}\nrules: [{default: {tlsVersion: {min: TLS13}, tlsCiphers: [ECDHE-RSA-AES128-GCM-SHA256]}}]\nfrom: [{targetRef: {kind: Mesh}, default: {}}]')).toEqual([
      E('spec', "field 'from' must be empty when 'rules' is defined"),
      E('spec.rules[0].default.tlsCiphers', 'tlsCiphers can only be defined with top level targetRef kind: Mesh'),
      E('spec.rules[0].default.tlsVersion', 'tlsVersion can only be defined with top level targetRef kind: Mesh'),
      FROM_DEPRECATED,
    ]);
    expect(tls('rules: [{default: {mode: Strict, tlsVersion: {min: TLS13}}}]')).toEqual([]);
    expect(tls('targetRef: {kind: MeshSubset, tags: {a: b}}\nrules: [{default: {mode: Permissive}}]')).toEqual([
      W('spec.targetRef.kind', "MeshSubset value for 'targetRef.kind' is deprecated, use Dataplane with labels instead"),
    ]);
  });

  it('mode, ciphers and versions must be known values; min not above max', () => {
    expect(
      tls(`
targetRef: {kind: Mesh}
from:
- targetRef: {kind: MeshService, name: s}
  default: {mode: Lax, tlsCiphers: [RC4], tlsVersion: {min: TLS9, max: TLS14}}
- targetRef: {kind: Mesh}
  default: {tlsVersion: {min: TLS13, max: TLS12}}
- targetRef: {kind: Mesh}
  default: {tlsVersion: {min: TLS13, max: TLSAuto}}
`),
    ).toEqual([
      E('spec.from[0].targetRef.kind', "value 'MeshService' is not supported"),
      E('spec.from[0].default.mode', '"mode" must be one of ["Strict", "Permissive"]'),
      E(
        'spec.from[0].default.tlsCiphers',
        '"tlsCiphers" must be one of ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"]',
      ),
      E('spec.from[0].default.tlsVersion.min', '"min" must be one of ["TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13"]'),
      E('spec.from[0].default.tlsVersion.max', '"max" must be one of ["TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13"]'),
      E('spec.from[1].default.tlsVersion.min', 'min version must be lower than max'),
      FROM_DEPRECATED,
    ]);
  });
});
