/** The legacy (Kuma 2.x, selector-based) types' rules, by type name. */
import type { Violation } from '../../types.js';
import { validateTrafficRoute } from './traffic-route.js';
import { validateTrafficPermission } from './traffic-permission.js';
import { validateTrafficLog } from './traffic-log.js';
import { validateTrafficTrace } from './traffic-trace.js';
import { validateHealthCheck } from './health-check.js';
import { validateCircuitBreaker } from './circuit-breaker.js';
import { validateFaultInjection } from './fault-injection.js';
import { validateRetry } from './retry.js';
import { validateTimeout } from './timeout.js';
import { validateRateLimit } from './rate-limit.js';
import { validateVirtualOutbound } from './virtual-outbound.js';
import { validateProxyTemplate } from './proxy-template.js';
import { validateExternalService } from './external-service.js';
import { validateMeshGateway } from './mesh-gateway.js';
import { validateMeshGatewayRoute } from './mesh-gateway-route.js';

export const legacyRules: Record<string, (doc: Record<string, unknown>) => Violation[]> = {
  TrafficRoute: validateTrafficRoute,
  TrafficPermission: validateTrafficPermission,
  TrafficLog: validateTrafficLog,
  TrafficTrace: validateTrafficTrace,
  HealthCheck: validateHealthCheck,
  CircuitBreaker: validateCircuitBreaker,
  FaultInjection: validateFaultInjection,
  Retry: validateRetry,
  Timeout: validateTimeout,
  RateLimit: validateRateLimit,
  VirtualOutbound: validateVirtualOutbound,
  ProxyTemplate: (doc) => validateProxyTemplate(doc),
  ExternalService: validateExternalService,
  MeshGateway: validateMeshGateway,
  MeshGatewayRoute: validateMeshGatewayRoute,
};
