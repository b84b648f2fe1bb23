export type Severity = 'error' | 'warning' | 'info';

/** A path into the document, as object keys and array indices. */
export type DocPath = ReadonlyArray<string | number>;

/**
 * One problem with one resource, as Kuma reports it: `field` is Kuma's field string
 * (`mtls.backends[0].name`, `spec.to[0].default.idleTimeout`, `labels["k"]`), which can differ from
 * the document's own key path in a few quirky places. `path` is where in the (Universal) document
 * the problem is, used to find line and column; when absent it is derived from `field`.
 */
export interface Violation {
  severity: Severity;
  field: string;
  message: string;
  path?: DocPath;
  /**
   * Our own suggestion (`did you mean "x"?`), kept out of `message` so that the message stays Kuma's
   * text byte for byte: the CLI prints it after the message, `-o json` as its own field, and the control
   * plane never sends it.
   */
  hint?: string;
}

/** How unknown fields are treated. */
export type Strictness = 'strict' | 'warn' | 'ignore';

export function error(field: string, message: string, path?: DocPath): Violation {
  return path ? { severity: 'error', field, message, path } : { severity: 'error', field, message };
}

export function warning(field: string, message: string, path?: DocPath): Violation {
  return path ? { severity: 'warning', field, message, path } : { severity: 'warning', field, message };
}
