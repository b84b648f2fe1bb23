// The bench's input: 50 Meshes (without Kuma's initial policies), then MeshTimeouts, MeshRetries and
// MeshCircuitBreakers spread over them, as one multi-document YAML text of `count` documents.
export function generateDocuments(count) {
  const meshes = 50;
  const docs = [];
  for (let m = 0; m < meshes; m++) docs.push(`type: Mesh\nname: tenant-${m}\nskipCreatingInitialPolicies: ["*"]\n`);
  for (let i = 0; docs.length < count; i++) {
    const mesh = `tenant-${i % meshes}`;
    switch (i % 3) {
      case 0:
        docs.push(`type: MeshTimeout\nname: timeout-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: MeshService\n        name: svc-${i}\n      default:\n        connectionTimeout: 2s\n        idleTimeout: 30m\n        http:\n          requestTimeout: 10s\n`);
        break;
      case 1:
        docs.push(`type: MeshRetry\nname: retry-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        http:\n          numRetries: 3\n          perTryTimeout: 1s\n          retryOn: ["5xx", "ConnectFailure"]\n`);
        break;
      default:
        docs.push(`type: MeshCircuitBreaker\nname: breaker-${i}\nmesh: ${mesh}\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        connectionLimits:\n          maxConnections: 1024\n          maxRequests: 512\n`);
    }
  }
  return docs.join('---\n');
}
