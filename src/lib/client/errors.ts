import { ExitCode, UserError } from '../errors.js';

export interface InvalidParameter {
  field: string;
  reason: string;
}

/** A Kuma error JSON (`{type, status, title, detail, invalid_parameters, ...}`) from the control plane. */
export class KumaApiError extends UserError {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidParameters: InvalidParameter[],
  ) {
    super(formatApiError(title, detail, invalidParameters), status >= 500 ? ExitCode.UNREACHABLE : ExitCode.REJECTED);
    this.name = 'KumaApiError';
  }

  /** kumactl's one-line form used by apply: `TITLE (DETAIL);field=reason ` per parameter. */
  oneLine(): string {
    return `${this.title} (${this.detail})${this.invalidParameters.map((p) => `;${p.field}=${p.reason} `).join('')}`;
  }
}

/** kumactl's format: `TITLE (DETAIL)` then a `* FIELD: REASON` line per invalid parameter. */
export function formatApiError(title: string, detail: string, params: InvalidParameter[]): string {
  return [`${title} (${detail})`, ...params.map((p) => `* ${p.field}: ${p.reason}`)].join('\n');
}

/** Parse a response body as Kuma's error JSON, if it is one (a JSON object with a non-empty title). */
export function parseApiError(status: number, body: string): KumaApiError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.title !== 'string' || o.title === '') return undefined;
  const detail = typeof o.detail === 'string' && o.detail !== '' ? o.detail : typeof o.details === 'string' ? o.details : '';
  const fromParams = Array.isArray(o.invalid_parameters)
    ? o.invalid_parameters.map((p) => ({ field: String((p as Record<string, unknown>).field ?? ''), reason: String((p as Record<string, unknown>).reason ?? '') }))
    : undefined;
  const fromCauses = Array.isArray(o.causes)
    ? o.causes.map((c) => ({ field: String((c as Record<string, unknown>).field ?? ''), reason: String((c as Record<string, unknown>).message ?? '') }))
    : [];
  return new KumaApiError(status, o.title, detail, fromParams ?? fromCauses);
}

/** The control plane could not be reached, or kept failing (5xx after retries): exit 5. */
export class UnreachableError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.UNREACHABLE, hint);
    this.name = 'UnreachableError';
  }
}

/**
 * The address answers, but not as a Kuma control plane would (an HTML page, JSON of another shape):
 * exit 5, as for an address that does not answer at all.
 */
export class NotKumaError extends UnreachableError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'NotKumaError';
  }
}

/** Whether a body is an HTML page (a web server's error or welcome page), not an API answer. */
export function isHtml(body: string): boolean {
  return /^\s*<(!doctype\s+html|html|head|body|\?xml|!--)/i.test(body);
}

export const POINT_ELSEWHERE =
  "start a local one with 'kumactl control-plane run', or point kumactl at another with --cp-address URL, KUMACTL_CP_ADDRESS or 'kumactl config control-planes add'";
