import { isRecord } from '../json.js';

/** kuma-cp's Mesh defaulter: Prometheus backends get port, path, tags and a TLS mode. Changes `spec` in place. */
export function applyMeshDefaults(spec: Record<string, unknown>): void {
  const metrics = isRecord(spec.metrics) ? spec.metrics : undefined;
  const backends = metrics && Array.isArray(metrics.backends) ? metrics.backends : [];
  for (const b of backends) {
    if (!isRecord(b) || b.type !== 'prometheus') continue;
    const conf: Record<string, unknown> = isRecord(b.conf) ? b.conf : {};
    b.conf = conf;
    if (conf.tls === undefined) {
      conf.tls = conf.skipMTLS === true ? { mode: 'disabled' } : {};
    } else if (isRecord(conf.tls) && conf.tls.mode === 'providedTLS') {
      delete conf.skipMTLS;
    }
    if (!conf.port) conf.port = 5670;
    if (!conf.path) conf.path = '/metrics';
    if (!isRecord(conf.tags) || Object.keys(conf.tags).length === 0) conf.tags = { 'kuma.io/service': 'dataplane-metrics' };
  }
}
