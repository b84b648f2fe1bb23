/**
 * undici's Agent and request(), loaded from the two files that define them. undici's index loads
 * every other part of undici too (fetch, WebSocket, mocks, caches): about 60 ms more at each start,
 * which a pipeline calling `kumactl get` hundreds of times pays every time. test/client.test.ts checks
 * that these are the very objects undici's index exports, so an undici upgrade that moves them fails
 * a test instead of a user.
 */
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import requestOn from 'undici/lib/api/api-request.js';

export const Agent = AgentClass;
export { requestOn };

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;

/** One request through `dispatcher` (undici's `request(url, { dispatcher })`). */
export function request(dispatcher: Dispatcher, url: URL, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestOn.call(dispatcher, { ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}
