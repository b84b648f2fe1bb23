/*
 * What kuma-cp 2.14.3 creates with every new Mesh (kuma-api.md §7.2): the four default policies, with
 * their exact names and specs, unless `skipCreatingInitialPolicies` names their type or holds "*".
 */

export interface DefaultPolicy {
  type: 'MeshTimeout' | 'MeshRetry' | 'MeshCircuitBreaker';
  name: string;
  spec: Record<string, unknown>;
}

const MESH = { kind: 'Mesh' };
const BACKOFF = { baseInterval: '25ms', maxInterval: '250ms' };

export function defaultPolicies(mesh: string): DefaultPolicy[] {
  return [
    {
      type: 'MeshTimeout',
      name: `mesh-gateways-timeout-all-${mesh}`,
      spec: {
        targetRef: { kind: 'Mesh', proxyTypes: ['Gateway'] },
        to: [{ targetRef: MESH, default: { idleTimeout: '1h0m0s', http: { streamIdleTimeout: '5s' } } }],
        from: [{ targetRef: MESH, default: { idleTimeout: '5m0s', http: { streamIdleTimeout: '5s', requestHeadersTimeout: '500ms' } } }],
      },
    },
    {
      type: 'MeshTimeout',
      name: `mesh-timeout-all-${mesh}`,
      spec: {
        targetRef: { kind: 'Mesh', proxyTypes: ['Sidecar'] },
        to: [{ targetRef: MESH, default: { connectionTimeout: '5s', idleTimeout: '1h0m0s', http: { requestTimeout: '15s', streamIdleTimeout: '30m0s' } } }],
        from: [
          {
            targetRef: MESH,
            default: { connectionTimeout: '10s', idleTimeout: '2h0m0s', http: { requestTimeout: '0s', streamIdleTimeout: '1h0m0s', maxStreamDuration: '0s' } },
          },
        ],
      },
    },
    {
      type: 'MeshRetry',
      name: `mesh-retry-all-${mesh}`,
      spec: {
        targetRef: MESH,
        to: [
          {
            targetRef: MESH,
            default: {
              tcp: { maxConnectAttempt: 5 },
              http: { numRetries: 5, perTryTimeout: '16s', backOff: BACKOFF },
              grpc: { numRetries: 5, perTryTimeout: '16s', backOff: BACKOFF },
            },
          },
        ],
      },
    },
    {
      type: 'MeshCircuitBreaker',
      name: `mesh-circuit-breaker-all-${mesh}`,
      spec: {
        targetRef: MESH,
        to: [{ targetRef: MESH, default: { connectionLimits: { maxConnections: 1024, maxPendingRequests: 1024, maxRetries: 3, maxRequests: 1024 } } }],
      },
    },
  ];
}

/** The default policies a Mesh's `skipCreatingInitialPolicies` leaves in: "*" anywhere skips them all. */
export function policiesToCreate(mesh: string, skip: unknown): DefaultPolicy[] {
  const list = Array.isArray(skip) ? skip.filter((s): s is string => typeof s === 'string') : [];
  if (list.includes('*')) return [];
  return defaultPolicies(mesh).filter((p) => !list.includes(p.type));
}

export const signingKeyName = (mesh: string) => `dataplane-token-signing-key-${mesh}-1`;
export const builtinCertName = (mesh: string, backend: string) => `${mesh}.ca-builtin-cert-${backend}`;
export const builtinKeyName = (mesh: string, backend: string) => `${mesh}.ca-builtin-key-${backend}`;
