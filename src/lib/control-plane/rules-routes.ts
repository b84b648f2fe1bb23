import type { ServerResponse } from 'node:http';
import { ApiError, meshNotFound, notFound, PlainError } from './api-error.js';
import { renderJson, type Caller, type ControlPlaneEngine } from './engine.js';
import { meshSnapshot } from './inspect-routes.js';
import { dataplaneRules, meshGatewayRules, RulesInputError } from './matching/rules/index.js';

/*
 * kuma-cp 2.14's rules inspection endpoints: `GET /meshes/{mesh}/dataplanes/{name}/_rules` and
 * `GET /meshes/{mesh}/meshgateways/{name}/_rules` (matching/rules computes the document).
 */

const RULES_PATH = /^\/meshes\/([^/]+)\/(dataplanes|meshgateways)\/([^/]+)\/_rules$/;

/** Whether a request path is one of the `_rules` endpoints. */
export function isRulesPath(pathname: string): boolean {
  return RULES_PATH.test(pathname);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Answers a `_rules` request (the path must satisfy isRulesPath). */
export function handleRules(engine: ControlPlaneEngine, method: string, pathname: string, _caller: Caller, res: ServerResponse): void {
  if (method !== 'GET') throw new PlainError(405, '405: Method Not Allowed', { allow: 'GET' });
  const [, meshPart, typePath, namePart] = RULES_PATH.exec(pathname)!;
  const mesh = decode(meshPart!);
  const name = decode(namePart!);
  if (!engine.store.get('Mesh', '', mesh)) throw meshNotFound();
  const gateway = typePath === 'meshgateways';
  if (!engine.store.get(gateway ? 'MeshGateway' : 'Dataplane', mesh, name)) throw notFound(`Could not retrieve ${gateway ? 'MeshGateway' : 'Dataplane'}`);
  const snapshot = meshSnapshot(engine, mesh);
  let doc: Record<string, unknown> | undefined;
  try {
    doc = gateway ? meshGatewayRules(snapshot, mesh, name) : dataplaneRules(snapshot, mesh, name);
  } catch (err) {
    if (err instanceof RulesInputError) throw new ApiError(500, 'Invalid MeshGateway', 'Internal Server Error');
    throw err;
  }
  if (!doc) throw notFound(`Could not retrieve ${gateway ? 'MeshGateway' : 'Dataplane'}`);
  const text = `${renderJson(doc)}\n`;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
