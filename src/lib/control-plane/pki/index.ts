/**
 * PKI for the local control plane: keys (./keys.ts), the builtin CA (./builtin-ca.ts), and the check of a
 * `provided` CA (`pkg/plugins/ca/provided/ca_cert_validator.go`, with Go's `tls.X509KeyPair` messages), which
 * lives with the other offline checks (validate reports it before anything is sent).
 */
export { DEFAULT_RSA_BITS, KeyPool, createSigningKey, generateRsaKey, pemEncode } from './keys.js';
export { createBuiltinCa } from './builtin-ca.js';
export { loadX509 } from '../../x509.js';
export { checkProvidedCa, type CaViolation } from '../../validation/provided-ca.js';
