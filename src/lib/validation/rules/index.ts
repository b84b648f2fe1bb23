import type { Violation } from '../types.js';
import { validateMesh } from './mesh.js';
import { validateDataplane } from './dataplane.js';
import { validateMeshTimeout } from './meshtimeout.js';
import { validateMeshRetry } from './meshretry.js';
import { validateMeshCircuitBreaker } from './meshcircuitbreaker.js';
import { validateMeshAccessLog } from './meshaccesslog.js';
import { validateMeshTrace } from './meshtrace.js';
import { validateMeshMetric } from './meshmetric.js';
import { validateMeshProxyPatch } from './meshproxypatch.js';
import { validateMeshPassthrough } from './meshpassthrough.js';
import { validateMeshOpenTelemetryBackend } from './meshopentelemetrybackend.js';
import { validateHostnameGenerator } from './hostnamegenerator.js';
import { validateMeshHealthCheck } from './meshhealthcheck.js';
import { validateMeshLoadBalancingStrategy } from './meshloadbalancingstrategy.js';
import { validateMeshHTTPRoute } from './meshhttproute.js';
import { validateMeshTCPRoute } from './meshtcproute.js';
import { validateMeshRateLimit } from './meshratelimit.js';
import { validateMeshFaultInjection } from './meshfaultinjection.js';
import { validateMeshTLS } from './meshtls.js';
import { validateMeshTrafficPermission } from './meshtrafficpermission.js';
import { legacyRules } from './legacy/index.js';
import { validateZoneEgress, validateZoneIngress } from './zone-proxies.js';
import { validateMeshService } from './meshservice.js';
import { validateMeshExternalService } from './meshexternalservice.js';
import { validateMeshMultiZoneService } from './meshmultizoneservice.js';
import { validateMeshIdentity } from './meshidentity.js';
import { validateMeshTrust } from './meshtrust.js';
import { validateWorkload } from './workload.js';

/** A type's own checks beyond its schema, on the Universal document (Kuma's `Validate()`). */
export type Rule = (doc: Record<string, unknown>) => Violation[];

const RULES: Record<string, Rule> = {
  Mesh: validateMesh,
  Dataplane: validateDataplane,
  ZoneIngress: validateZoneIngress,
  ZoneEgress: validateZoneEgress,
  MeshService: validateMeshService,
  MeshExternalService: validateMeshExternalService,
  MeshMultiZoneService: validateMeshMultiZoneService,
  MeshIdentity: validateMeshIdentity,
  MeshTrust: validateMeshTrust,
  Workload: validateWorkload,
  MeshTimeout: validateMeshTimeout,
  MeshRetry: validateMeshRetry,
  MeshCircuitBreaker: validateMeshCircuitBreaker,
  MeshAccessLog: validateMeshAccessLog,
  MeshTrace: validateMeshTrace,
  MeshMetric: validateMeshMetric,
  MeshProxyPatch: validateMeshProxyPatch,
  MeshPassthrough: validateMeshPassthrough,
  MeshOpenTelemetryBackend: validateMeshOpenTelemetryBackend,
  HostnameGenerator: validateHostnameGenerator,
  MeshHealthCheck: validateMeshHealthCheck,
  MeshLoadBalancingStrategy: validateMeshLoadBalancingStrategy,
  MeshHTTPRoute: validateMeshHTTPRoute,
  MeshTCPRoute: validateMeshTCPRoute,
  MeshRateLimit: validateMeshRateLimit,
  MeshFaultInjection: validateMeshFaultInjection,
  MeshTLS: validateMeshTLS,
  MeshTrafficPermission: validateMeshTrafficPermission,
  ...legacyRules,
};

export function rulesFor(typeName: string): Rule | undefined {
  return RULES[typeName];
}
