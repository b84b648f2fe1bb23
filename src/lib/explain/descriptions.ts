/**
 * One-line descriptions for `kumactl explain`, written for this project (our generated schemas carry
 * no descriptions). Keys are `Type.path.to.field`, with array levels left out (`spec.to.default`, not
 * `spec.to[].default`). A test checks that every key names a field that exists in the type's schema.
 *
 * Lookup order (see `fieldDescription`): the type's own entry, then a shared entry for the same
 * relative path (`spec.targetRef`, `name`, ...), then a shared entry for targetRef fields.
 */

/** What each type of the registry is for. */
export const TYPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  // Core and global types
  Mesh: 'A service mesh: an isolated group of data plane proxies with its own mTLS, observability and routing settings.',
  Zone: 'A zone known to the global control plane of a multi-zone deployment; it can be switched off.',
  GlobalSecret: 'A secret that belongs to no mesh, used by control-plane-wide features such as zone token signing keys.',
  HostnameGenerator: 'A template that gives the MeshServices, MeshExternalServices or MeshMultiZoneServices it selects extra DNS hostnames.',
  MeshInsight: 'Read-only statistics kuma-cp keeps about a mesh: proxy counts, policy counts and mTLS state.',
  ZoneInsight: "Read-only status kuma-cp keeps about a zone's connection to the global control plane.",
  Dataplane: 'A data plane proxy (sidecar or gateway) of a mesh: its address, the inbounds it serves and its tags.',
  DataplaneInsight: 'Read-only connection and certificate status kuma-cp keeps for a data plane proxy.',
  ServiceInsight: 'Read-only per-service counts of online and offline data plane proxies.',
  Secret: 'A base64-encoded value (certificate, key, token) kept in one mesh and referred to by name from other resources.',
  // Newer resources
  MeshService: 'A service inside the mesh: the proxies it selects, the ports it exposes and the addresses it gets.',
  MeshExternalService: 'A destination outside the mesh (address, port, TLS) that proxies of the mesh may call through the mesh.',
  MeshMultiZoneService: 'One service made of MeshServices from several zones, so callers can reach any zone and fail over between them.',
  MeshIdentity: 'How the proxies it selects get their workload identity (SPIFFE ID and certificate), and from which provider.',
  MeshTrust: 'A trust domain and the CA bundles proxies use to check the certificates of their peers.',
  MeshOpenTelemetryBackend: 'A reusable OpenTelemetry collector endpoint that observability policies can point to.',
  MeshZoneAddress: 'An address and port at which this zone can be reached by other zones for the mesh.',
  Workload: 'A logical workload that data plane proxies belong to; kuma-cp reports how many of its proxies are connected and healthy.',
  // targetRef policies
  MeshAccessLog: 'Policy that makes proxies write access logs of their traffic to files, TCP collectors or OpenTelemetry.',
  MeshCircuitBreaker: 'Policy that caps connections and requests to a destination and ejects endpoints that keep failing (outlier detection).',
  MeshFaultInjection: 'Policy that adds delays, aborts or bandwidth limits to requests, to test how services cope with failures.',
  MeshHTTPRoute: 'Policy that matches HTTP requests (path, method, headers, ...) and rewrites, mirrors or splits them between backends.',
  MeshHealthCheck: 'Policy that makes proxies actively probe the endpoints of a destination and stop using the unhealthy ones.',
  MeshLoadBalancingStrategy: 'Policy that picks the load-balancing algorithm and the zone/locality preferences for traffic to a destination.',
  MeshMetric: 'Policy that makes proxies expose or push metrics (Prometheus scraping or OpenTelemetry).',
  MeshPassthrough: 'Policy that controls which traffic to destinations unknown to the mesh a proxy lets through.',
  MeshProxyPatch: 'Policy that edits the generated Envoy configuration (clusters, listeners, filters) directly; for advanced cases.',
  MeshRateLimit: 'Policy that caps the rate of HTTP requests or TCP connections a proxy accepts.',
  MeshRetry: 'Policy that makes proxies retry failed TCP connections, HTTP requests and gRPC calls to a destination.',
  MeshTCPRoute: 'Policy that sends the TCP traffic of a destination to one or more backends, by weight.',
  MeshTLS: 'Policy that sets the mTLS mode (strict or permissive), TLS versions and ciphers of inbound traffic.',
  MeshTimeout: 'Policy that sets connection, idle and HTTP request/stream timeouts on the traffic of the proxies it selects.',
  MeshTrace: 'Policy that makes proxies report distributed-tracing spans to Zipkin, Datadog or OpenTelemetry.',
  MeshTrafficPermission: 'Policy that allows or denies traffic to the proxies it selects, depending on who is calling.',
  // Kuma 2.x legacy types
  ExternalService: 'Legacy description of a service outside the mesh (address, tags, TLS) that proxies reach through the mesh.',
  MeshGateway: 'A built-in gateway: listeners (ports, protocols, hostnames, TLS) served by the gateway proxies it selects.',
  ZoneIngress: "A zone's ingress proxy, which receives the traffic that other zones send into this zone.",
  ZoneEgress: "A zone's egress proxy, through which traffic to other zones and to external services can leave.",
  ZoneIngressInsight: 'Read-only connection status kuma-cp keeps for a zone ingress proxy.',
  ZoneEgressInsight: 'Read-only connection status kuma-cp keeps for a zone egress proxy.',
  CircuitBreaker: 'Legacy policy: outlier detection and connection limits between tag-selected sources and destinations.',
  FaultInjection: 'Legacy policy: delays, aborts and bandwidth limits on HTTP traffic between tag-selected sources and destinations.',
  HealthCheck: 'Legacy policy: active health checks from tag-selected sources to tag-selected destinations.',
  MeshGatewayRoute: 'Legacy policy: routes for the listeners of a built-in MeshGateway.',
  ProxyTemplate: 'Legacy policy: changes to the generated Envoy configuration of tag-selected proxies.',
  RateLimit: 'Legacy policy: HTTP rate limits between tag-selected sources and destinations.',
  Retry: 'Legacy policy: TCP, HTTP and gRPC retries between tag-selected sources and destinations.',
  Timeout: 'Legacy policy: connection and request timeouts between tag-selected sources and destinations.',
  TrafficLog: 'Legacy policy: access logs, sent to a logging backend of the Mesh, for tag-selected traffic.',
  TrafficPermission: 'Legacy policy: allows traffic from tag-selected sources to tag-selected destinations.',
  TrafficRoute: 'Legacy policy: load balancing and traffic splitting towards tag-selected destinations.',
  TrafficTrace: 'Legacy policy: traces from tag-selected proxies, sent to a tracing backend of the Mesh.',
  VirtualOutbound: 'Legacy policy: extra hostnames and ports built from tags, to reach services under custom names.',
};

/** Shared entries, by path relative to the type (any type that has the path). */
export const SHARED_FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  type: 'The resource type; it must be the KIND shown above.',
  name: 'Name of the resource, unique within its mesh (or within the control plane for global types).',
  mesh: 'Name of the mesh the resource belongs to.',
  labels: 'Key/value labels on the resource; selectors and targetRefs can match on them.',
  'labels.<key>': 'The value of the label named by the key.',
  creationTime: 'When the resource was created; set by the control plane, ignored on input.',
  modificationTime: 'When the resource was last changed; set by the control plane, ignored on input.',
  kri: 'Kuma Resource Identifier of the resource; set by the control plane, ignored on input.',
  spec: 'The configuration the resource carries.',
  status: 'State computed by the control plane; read-only and ignored on input.',
  'spec.targetRef': 'Which data plane proxies the policy configures; without it, every proxy of the mesh.',
  'spec.to': 'Outgoing traffic: each entry picks destinations with its targetRef and configures traffic to them.',
  'spec.from': 'Incoming traffic, per caller: each entry picks callers with its targetRef. Deprecated: use rules.',
  'spec.rules': 'Incoming traffic of the selected proxies: each rule configures it, for all callers or those it matches.',
  'spec.to.targetRef': 'The destination this entry applies to (Mesh, MeshService, MeshExternalService, ...).',
  'spec.from.targetRef': 'The callers this entry applies to (usually kind Mesh, meaning every caller).',
  'spec.to.default': 'The settings applied to traffic towards the destinations of this entry.',
  'spec.from.default': 'The settings applied to traffic from the callers of this entry.',
  'spec.rules.default': 'The settings applied to the incoming traffic this rule covers.',
  'spec.rules.matches': 'Conditions on the caller; when given, the rule applies only to callers matching one of them.',
  'spec.default': 'The settings applied to the proxies selected by targetRef.',
};

/** Shared entries for the fields of every targetRef object (`...targetRef.<field>`). */
export const TARGET_REF_DESCRIPTIONS: Readonly<Record<string, string>> = {
  targetRef: 'A reference that picks the resources or proxies this part of the policy applies to.',
  kind:
    'What the reference points at: Mesh (everything), Dataplane, MeshService, MeshExternalService, MeshMultiZoneService, ' +
    'MeshHTTPRoute, MeshGateway, or the deprecated MeshSubset and MeshServiceSubset. The kinds allowed depend on the position.',
  name: 'Name of the referenced resource, for kinds that point at one resource.',
  namespace: 'Kubernetes namespace of the referenced resource.',
  mesh: 'Reserved for future use; leave it unset.',
  labels: 'Pick the resources of this kind by their labels instead of by name.',
  tags: 'Data plane tags to match (MeshSubset, MeshServiceSubset, and MeshGateway listeners).',
  proxyTypes: 'Limit the selection to these kinds of proxies: Sidecar, Gateway. Unset means both.',
  sectionName: 'A named part of the target, such as a port name of a MeshService or an inbound of a Dataplane.',
};

// ---------------------------------------------------------------------------------------------------
// Helpers that repeat one set of entries under several prefixes.

function under(prefixes: readonly string[], entries: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prefix of prefixes) {
    for (const [rel, text] of Object.entries(entries)) out[rel === '' ? prefix : `${prefix}.${rel}`] = text;
  }
  return out;
}

const DATA_SOURCE = (what: string): Record<string, string> => ({
  '': `Where to read the ${what} (PEM) from: exactly one of secret, file, inline, inlineString. Required.`,
  secret: `Name of a Secret of the same mesh that holds the ${what}.`,
  file: `Path of a file on the control-plane host holding the ${what} (deprecated).`,
  inline: `The ${what} itself, base64-encoded.`,
  inlineString: `The ${what} itself, as plain text.`,
});

// ---------------------------------------------------------------------------------------------------
// Mesh (flat: the spec fields sit at the top level)

const MESH: Record<string, string> = {
  mesh: 'Not used: a Mesh is global and belongs to no mesh, so the value is ignored.',
  mtls:
    'Mutual TLS between the proxies of the mesh, with certificates from a CA backend; absent means no mTLS. ' +
    'Superseded by MeshIdentity, MeshTrust and MeshTLS (removed in Kuma 3.0).',
  'mtls.enabledBackend': 'Name of the mtls.backends entry that issues certificates; empty means mTLS is off.',
  'mtls.backends': 'Certificate authorities the mesh can use; at most one entry.',
  'mtls.backends.name': 'Name of this CA backend, as used by mtls.enabledBackend; unique in the mesh.',
  'mtls.backends.type': 'CA plugin: builtin (kuma-cp generates the CA) or provided (you supply its certificate and key).',
  'mtls.backends.dpCert': 'Settings of the certificates issued to the data plane proxies.',
  'mtls.backends.dpCert.rotation': 'When proxy certificates are renewed.',
  'mtls.backends.dpCert.rotation.expiration':
    "How long a proxy certificate is valid, in Kuma's format: a number and one unit of y, w, d, h, m, s, ms (e.g. 1d). Default 24h.",
  'mtls.backends.dpCert.requestTimeout': 'How long to wait for a certificate from an external CA (Go duration); not used by builtin and provided.',
  'mtls.backends.conf': 'Settings of the CA plugin; which fields apply depends on type (builtin or provided).',
  'mtls.backends.mode': 'STRICT accepts only mTLS traffic; PERMISSIVE also accepts plaintext, to help migrations. Default STRICT.',
  'mtls.backends.rootChain': "Settings for fetching the CA's root chain.",
  'mtls.backends.rootChain.requestTimeout':
    'How long to wait for the root chain from an external CA (Go duration); default 10s, not used by builtin and provided.',
  'mtls.skipValidation': 'Save the mesh without checking the CA settings (e.g. that a referenced secret exists); the type is still checked. Default false.',
  // builtin CA conf
  'mtls.backends.conf.caCert': 'The CA certificate kuma-cp generates for the mesh.',
  'mtls.backends.conf.caCert.RSAbits': 'RSA key size of the generated CA, in bits (the key is spelled RSAbits exactly). Default 2048.',
  'mtls.backends.conf.caCert.expiration': "How long the generated CA is valid, in Kuma's duration format (e.g. 10y). Default 10y.",
  // provided CA conf
  ...under(['mtls.backends.conf.cert'], DATA_SOURCE('CA certificate')),
  ...under(['mtls.backends.conf.key'], DATA_SOURCE('CA private key')),

  tracing: 'Tracing backends used by the legacy TrafficTrace policy. Deprecated: use MeshTrace.',
  'tracing.defaultBackend': 'Name of the tracing backend used when a TrafficTrace names none.',
  'tracing.backends': 'Tracing backends (Zipkin or Datadog).',
  'tracing.backends.name': 'Name of this backend; non-empty and unique.',
  'tracing.backends.sampling': 'Percentage of requests that are traced, from 0 to 100. Default 100.',
  'tracing.backends.type': 'Backend kind: zipkin or datadog.',
  'tracing.backends.conf': 'Settings of the backend; which fields apply depends on type.',
  'tracing.backends.conf.url': 'Zipkin collector URL, absolute and with an explicit port (e.g. http://zipkin:9411/api/v2/spans). Required.',
  'tracing.backends.conf.traceId128bit': 'Create 128-bit trace IDs instead of 64-bit ones. Default false.',
  'tracing.backends.conf.apiVersion': 'Zipkin API used to send spans: httpJson (default), httpJsonV1 or httpProto.',
  'tracing.backends.conf.sharedSpanContext': 'Let the client and server sides of a call share one span. Default true.',
  'tracing.backends.conf.address': 'Host of the Datadog agent. Required.',
  'tracing.backends.conf.port': 'Port of the Datadog agent, 1-65535. Required.',
  'tracing.backends.conf.splitService': 'Report traffic under several Datadog service names instead of one per proxy. Default false.',

  logging: 'Access-log backends used by the legacy TrafficLog policy. Deprecated: use MeshAccessLog.',
  'logging.defaultBackend': 'Name of the logging backend used when a TrafficLog names none.',
  'logging.backends': 'Access-log backends (file or TCP).',
  'logging.backends.name': 'Name of this backend; non-empty and unique.',
  'logging.backends.format': "Envoy access-log format string; Kuma's own format when empty.",
  'logging.backends.type': 'Backend kind: file or tcp.',
  'logging.backends.conf': 'Settings of the backend; which fields apply depends on type.',
  'logging.backends.conf.path': 'File the proxy appends its access log to. Required.',
  'logging.backends.conf.address': 'Collector the proxy sends its access log to, as host:port. Required.',

  metrics: 'Metrics backends of the mesh. Deprecated: use MeshMetric.',
  'metrics.enabledBackend': 'Name of the metrics backend turned on for every proxy; empty means metrics are off.',
  'metrics.backends': 'Metrics backends (Prometheus only).',
  'metrics.backends.name': 'Name of this backend; unique in the mesh.',
  'metrics.backends.type': 'Backend kind: prometheus.',
  'metrics.backends.conf': 'Prometheus settings; kuma-cp fills in the defaults when the mesh is saved.',
  'metrics.backends.conf.port': 'Port on which each proxy serves its metrics. Default 5670.',
  'metrics.backends.conf.path': 'HTTP path at which the metrics are served. Default /metrics.',
  'metrics.backends.conf.tags': 'Tags of the metrics endpoint. Default kuma.io/service: dataplane-metrics.',
  'metrics.backends.conf.skipMTLS': 'Legacy switch to serve metrics without mTLS; use tls.mode instead.',
  'metrics.backends.conf.aggregate': "Application metrics endpoints the proxy scrapes and merges into its own output.",
  'metrics.backends.conf.aggregate.name': 'Name of this endpoint; unique within the backend.',
  'metrics.backends.conf.aggregate.port': "Port of the application's metrics endpoint.",
  'metrics.backends.conf.aggregate.path': "HTTP path of the application's metrics endpoint.",
  'metrics.backends.conf.aggregate.enabled': 'Whether this endpoint is scraped.',
  'metrics.backends.conf.aggregate.address': "Address of the application's metrics endpoint.",
  'metrics.backends.conf.envoy': 'Which Envoy statistics are exposed.',
  'metrics.backends.conf.envoy.filterRegex': 'Expose only the Envoy statistics whose names match this RE2 regular expression.',
  'metrics.backends.conf.envoy.usedOnly': 'Expose only the Envoy statistics that have been updated at least once.',
  'metrics.backends.conf.tls': 'TLS of the metrics endpoint.',
  'metrics.backends.conf.tls.mode':
    'activeMTLSBackend (default) secures it with the mesh CA, providedTLS with your own certificate, disabled serves plain HTTP.',

  networking: 'Mesh-wide networking settings.',
  'networking.outbound': 'Settings of the traffic leaving the proxies.',
  'networking.outbound.passthrough':
    'Let proxies send traffic to destinations the mesh does not know. Default true. Superseded by MeshPassthrough.',
  routing: 'Mesh-wide routing settings.',
  'routing.localityAwareLoadBalancing':
    "Prefer endpoints in the caller's own zone. Default false. Deprecated: use MeshLoadBalancingStrategy.",
  'routing.zoneEgress': 'Send traffic to other zones and to external services through ZoneEgress proxies; needs mTLS. Default false.',
  'routing.defaultForbidMeshExternalServiceAccess':
    'Deny traffic to MeshExternalServices unless it is allowed explicitly. Default false.',
  constraints: 'Rules on which data plane proxies may join the mesh.',
  'constraints.dataplaneProxy': 'Tag-based admission rules for data plane proxies.',
  'constraints.dataplaneProxy.requirements': 'A proxy may join only if it matches at least one of these rules; empty lets everyone in.',
  'constraints.dataplaneProxy.requirements.tags': 'Tags the proxy must have; the value * means any non-empty value.',
  'constraints.dataplaneProxy.restrictions': 'A proxy that matches any of these rules is refused.',
  'constraints.dataplaneProxy.restrictions.tags': 'Tags that get a proxy refused; the value * means any non-empty value.',
  skipCreatingInitialPolicies:
    'Default policies not to create with a new mesh: type names such as MeshTimeout, MeshRetry, MeshCircuitBreaker, or * for all.',
  meshServices: 'Whether and how MeshService resources are used in the mesh.',
  'meshServices.mode':
    'Disabled (default): proxies use kuma.io/service outbounds only; Everywhere: MeshService outbounds too; ' +
    'ReachableBackends: MeshService outbounds for the backends a proxy lists; Exclusive: MeshService outbounds only.',
};

// ---------------------------------------------------------------------------------------------------
// MeshTimeout

const TIMEOUT_CONF: Record<string, string> = {
  '': 'The timeouts applied to the traffic this entry covers; at least one must be set.',
  connectionTimeout: 'How long the proxy waits for a TCP connection to be set up (Go duration, e.g. 5s; must be above 0). Default 5s.',
  idleTimeout: 'How long a connection may stay idle before the proxy closes it (Go duration, e.g. 1h; 0 disables). Default 1h.',
  http: 'HTTP-specific timeouts; at least one besides requestHeadersTimeout must be set.',
  'http.requestTimeout': 'How long a whole request may take, until the full response (Go duration; 0 disables). Default 15s.',
  'http.streamIdleTimeout': 'How long an HTTP stream may carry no data before it is reset (Go duration; 0 disables). Default 30m.',
  'http.maxStreamDuration': 'Longest lifetime of one HTTP stream (Go duration). Off by default.',
  'http.maxConnectionDuration': 'Longest lifetime of an HTTP connection, after which it is drained (Go duration). Off by default.',
  'http.requestHeadersTimeout': 'How long the proxy waits to receive all the request headers (Go duration). Off by default.',
};

const TIMEOUT_MATCHES: Record<string, string> = {
  '': 'Which callers the rule applies to, by SPIFFE ID or by SNI; a caller matching any entry is covered.',
  spiffeID: "Match on the caller's SPIFFE ID.",
  'spiffeID.type': 'How the ID is compared: Exact (whole ID) or Prefix.',
  'spiffeID.value': 'The SPIFFE ID, or its prefix, to compare with.',
  sni: 'Match on the server name (SNI) the caller sent.',
  'sni.type': 'How the name is compared: Exact (the only choice).',
  'sni.value': 'The server name to compare with (a DNS name).',
};

const MESH_TIMEOUT: Record<string, string> = {
  ...under(['spec.to.default', 'spec.from.default', 'spec.rules.default'], TIMEOUT_CONF),
  ...under(['spec.rules.matches'], TIMEOUT_MATCHES),
};

// ---------------------------------------------------------------------------------------------------
// MeshRetry

const HEADER_MATCH = (what: string): Record<string, string> => ({
  '': what,
  name: 'Header name, in lowercase.',
  type: 'How the header is compared: Exact (default), Present, RegularExpression, Absent or Prefix.',
  value: 'Value to compare with; not used by Present and Absent.',
});

const RETRY_COMMON = (what: string): Record<string, string> => ({
  numRetries: `How many times a failed ${what} is retried. Default 1.`,
  perTryTimeout: 'Time limit of each attempt, the first one included (Go duration).',
  backOff: 'Wait between attempts, growing exponentially with random jitter.',
  'backOff.baseInterval': 'First wait between attempts (Go duration). Default 25ms.',
  'backOff.maxInterval': 'Longest wait between attempts (Go duration). Default 10 times baseInterval.',
  rateLimitedBackOff: 'Wait between attempts taken from the rate-limit headers of the response, when present.',
  'rateLimitedBackOff.resetHeaders': 'Response headers that say how long to wait; tried in order, the first usable one wins. Required.',
  'rateLimitedBackOff.resetHeaders.name': 'Header name, in lowercase (e.g. retry-after).',
  'rateLimitedBackOff.resetHeaders.format': "How the header's value is read: Seconds (a delay) or UnixTimestamp (a point in time).",
  'rateLimitedBackOff.maxInterval': 'Longest wait taken from a reset header (Go duration). Default 300s.',
});

const RETRY_CONF: Record<string, string> = {
  '': 'The retry settings for traffic to this destination; at least one of tcp, http, grpc.',
  tcp: 'Retries of TCP connection attempts.',
  'tcp.maxConnectAttempt': 'How many times the proxy tries to connect before giving up; must be above 0.',
  http: 'Retries of HTTP requests.',
  ...under(['http'], RETRY_COMMON('request')),
  'http.retryOn':
    'What triggers a retry: 5xx, GatewayError, Reset, Retriable4xx, ConnectFailure, EnvoyRatelimited, RefusedStream, ' +
    'Http3PostConnectFailure, HttpMethodGet and the other HttpMethod<Verb> values (retry only that method), or a status code as a string ("503").',
  ...under(['http.retriableResponseHeaders'], HEADER_MATCH('Also retry when the response has a header matching one of these.')),
  ...under(['http.retriableRequestHeaders'], HEADER_MATCH('Retry only requests with a header matching one of these.')),
  'http.hostSelection': 'How the endpoint of a retry attempt is chosen.',
  'http.hostSelection.predicate':
    'OmitPreviousHosts avoids endpoints already tried, OmitHostsWithTags avoids endpoints with the given tags, OmitPreviousPriorities avoids priority levels already tried.',
  'http.hostSelection.tags': 'Tags of the endpoints to avoid (with OmitHostsWithTags).',
  'http.hostSelection.updateFrequency': 'Attempts after which the priority levels already tried are recomputed (with OmitPreviousPriorities). Default 2.',
  'http.hostSelectionMaxAttempts': 'How many times endpoint selection is retried before the proxy keeps the endpoint it got.',
  grpc: 'Retries of gRPC calls.',
  ...under(['grpc'], RETRY_COMMON('call')),
  'grpc.retryOn': 'gRPC statuses that trigger a retry: Canceled, DeadlineExceeded, Internal, ResourceExhausted, Unavailable.',
};

const MESH_RETRY: Record<string, string> = under(['spec.to.default'], RETRY_CONF);

// ---------------------------------------------------------------------------------------------------
// MeshCircuitBreaker

const DETECTOR_VOLUME = {
  minimumHosts: 'How many endpoints must have enough traffic before this detector runs.',
  requestVolume: 'How many requests an endpoint must have received in the interval to be judged.',
};

const BREAKER_CONF: Record<string, string> = {
  '': 'The limits and outlier detection applied to this traffic; at least one of the two.',
  connectionLimits: 'Caps on what the proxy opens to the destination; beyond a cap, traffic fails at once instead of queueing.',
  'connectionLimits.maxConnections': 'Most connections open to all endpoints of the destination at once; above 0. The default mesh policy sets 1024.',
  'connectionLimits.maxConnectionPools': 'Most connection pools the proxy keeps for the destination; above 0.',
  'connectionLimits.maxPendingRequests': 'Most requests waiting for a connection at once; above 0. The default mesh policy sets 1024.',
  'connectionLimits.maxRequests': 'Most requests in flight to the destination at once; above 0. The default mesh policy sets 1024.',
  'connectionLimits.maxRetries': 'Most retries in flight to the destination at once; above 0. The default mesh policy sets 3.',
  outlierDetection: 'Takes endpoints that keep failing out of load balancing for a while.',
  'outlierDetection.disabled': 'Turn outlier detection off while keeping its settings.',
  'outlierDetection.interval': 'How often endpoints are evaluated and ejections decided (Go duration).',
  'outlierDetection.baseEjectionTime': 'How long an endpoint stays out the first time; each new ejection lasts longer (Go duration).',
  'outlierDetection.maxEjectionPercent': 'Highest percentage of the endpoints of the destination that may be out at once (0-100).',
  'outlierDetection.splitExternalAndLocalErrors': 'Count failures seen locally (timeouts, resets) apart from error responses sent by the endpoint.',
  'outlierDetection.healthyPanicThreshold':
    'Below this percentage of healthy endpoints the proxy ignores health and uses them all (number or numeric string, 0-100). Default 50.',
  'outlierDetection.detectors': 'Which failure signals eject an endpoint; at least one must be set (even when disabled).',
  'outlierDetection.detectors.totalFailures': 'Eject an endpoint after consecutive 5xx responses or connection errors.',
  'outlierDetection.detectors.totalFailures.consecutive': 'How many in a row eject the endpoint; above 0.',
  'outlierDetection.detectors.gatewayFailures': 'Eject an endpoint after consecutive 502, 503 or 504 responses or connection errors.',
  'outlierDetection.detectors.gatewayFailures.consecutive': 'How many in a row eject the endpoint; above 0.',
  'outlierDetection.detectors.localOriginFailures':
    'Eject an endpoint after consecutive failures seen locally (timeouts, resets, refused connections); needs splitExternalAndLocalErrors.',
  'outlierDetection.detectors.localOriginFailures.consecutive': 'How many in a row eject the endpoint; above 0.',
  'outlierDetection.detectors.successRate': 'Eject endpoints whose success rate is far below the average of the destination.',
  ...under(['outlierDetection.detectors.successRate'], DETECTOR_VOLUME),
  'outlierDetection.detectors.successRate.standardDeviationFactor':
    'An endpoint is ejected below the mean success rate minus this many standard deviations (number or numeric string, e.g. "1.9"; above 0).',
  'outlierDetection.detectors.failurePercentage': 'Eject endpoints whose share of failed requests reaches a fixed threshold.',
  ...under(['outlierDetection.detectors.failurePercentage'], DETECTOR_VOLUME),
  'outlierDetection.detectors.failurePercentage.threshold': 'Failure percentage (0-100) at which an endpoint is ejected.',
};

const MESH_CIRCUIT_BREAKER: Record<string, string> = under(['spec.to.default', 'spec.from.default', 'spec.rules.default'], BREAKER_CONF);

// ---------------------------------------------------------------------------------------------------

function prefixed(typeName: string, entries: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [`${typeName}.${k}`, v]));
}

/** Field descriptions keyed by `Type.path.to.field`. */
export const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ...prefixed('Mesh', MESH),
  ...prefixed('MeshTimeout', MESH_TIMEOUT),
  ...prefixed('MeshRetry', MESH_RETRY),
  ...prefixed('MeshCircuitBreaker', MESH_CIRCUIT_BREAKER),
};

function own(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The description of a field (`path` as walked, array levels left out), or undefined when we have none. */
export function fieldDescription(typeName: string, path: readonly string[]): string | undefined {
  if (path.length === 0) return own(TYPE_DESCRIPTIONS, typeName);
  const rel = path.join('.');
  const found = own(FIELD_DESCRIPTIONS, `${typeName}.${rel}`) ?? own(SHARED_FIELD_DESCRIPTIONS, rel);
  if (found !== undefined) return found;
  const last = path[path.length - 1]!;
  if (last === 'targetRef') return own(TARGET_REF_DESCRIPTIONS, 'targetRef');
  if (path.length >= 2 && path[path.length - 2] === 'targetRef' && last !== 'targetRef') return own(TARGET_REF_DESCRIPTIONS, last);
  return undefined;
}
