/** CircuitBreaker (Kuma 2.14.3 circuit_breaker_validator.go). */
import type { Violation } from '../../types.js';
import { Verr, Msg, Loc, validateConnectionPolicy } from './common.js';

const DETECTORS = ['totalErrors', 'gatewayErrors', 'localErrors', 'standardDeviation', 'failure'];
const THRESHOLDS = ['maxConnections', 'maxPendingRequests', 'maxRetries', 'maxRequests'];

export function validateCircuitBreaker(doc: Record<string, unknown>): Violation[] {
  return validateConnectionPolicy(doc, 'byService', validateConf);
}

function validateConf(spec: Msg): Verr {
  const err = new Verr();
  const root = spec.at('conf');
  const conf = spec.msg('conf');
  const detectors = conf?.msg('detectors');
  const thresholds = conf?.msg('thresholds');
  const hasDetectors = DETECTORS.some((d) => detectors?.has(d));
  const hasThresholds = THRESHOLDS.some((t) => thresholds?.has(t));
  if (!hasDetectors && !hasThresholds) {
    err.at(root, 'must have at least one of the detector or threshold configured');
    return err;
  }
  if (detectors && !hasDetectors) err.at(conf!.at('detectors'), "can't be empty");
  percentage(err, conf!.at('maxEjectionPercent'), conf!.num('maxEjectionPercent'));
  const failure = detectors?.msg('failure');
  if (failure) percentage(err, failure.at('threshold'), failure.num('threshold'));
  if (thresholds && !hasThresholds) err.at(conf!.at('thresholds'), "can't be empty");
  return err;
}

function percentage(err: Verr, loc: Loc, value: number | undefined): void {
  const v = value ?? 0;
  if (v < 0 || v > 100) err.at(loc, 'has to be in [0.0 - 100.0] range');
}
