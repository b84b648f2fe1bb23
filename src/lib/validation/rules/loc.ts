/**
 * The one way rules say where a violation is: a `Loc` pairs the field string Kuma prints (Go's
 * validators.PathBuilder: names joined with `.`, indices `[i]`, map keys `["k"]` in Go's %q) with the
 * document path the value sits at. The two differ where Kuma's field string is not the document's shape:
 * proto snake_case names (`conf.loadBalancer` at `conf.load_balancer`), MeshRetry's `…default.conf.…`,
 * MeshCircuitBreaker rules reported under `spec.from[i]`, the Mesh's `logging.backends[0].config` at `conf`.
 *
 * A violation carries its document path only when the field string does not already name it (readers fall
 * back to `parseField(field)`), so the two spellings of the same place never disagree.
 *
 * `Verr` is Go's validators.ValidationError: violations collected in the order found, and a child's violations
 * re-rooted under a prefix (AddErrorAt) for the rules that port Kuma's Validate() with relative paths.
 */
import { parseField, goQuote } from '../field-path.js';
import { error, warning, type DocPath, type Violation } from '../types.js';

export class Loc {
  constructor(
    readonly field: string,
    readonly doc: DocPath,
  ) {}

  static root(): Loc {
    return new Loc('', []);
  }

  /** Plain field names, the same in Kuma's string and in the document. */
  static of(...names: string[]): Loc {
    return new Loc(names.join('.'), names);
  }

  /** A field: `name` as Kuma prints it (it may hold dots: `loadBalancer.ringHash`), `docKey` as the document spells it. */
  f(name: string, docKey: string = name): Loc {
    return new Loc(joinField(this.field, name), [...this.doc, docKey]);
  }

  i(index: number): Loc {
    return new Loc(`${this.field}[${index}]`, [...this.doc, index]);
  }

  k(key: string): Loc {
    return new Loc(`${this.field}[${goQuote(key)}]`, [...this.doc, key]);
  }

  /** A segment that only Kuma's field string has; the document path stays. */
  fieldOnly(name: string): Loc {
    return new Loc(joinField(this.field, name), this.doc);
  }

  /** A segment that only the document has. */
  docOnly(name: string | number): Loc {
    return new Loc(this.field, [...this.doc, name]);
  }

  /** The same field string at another place of the document. */
  at(doc: DocPath): Loc {
    return new Loc(this.field, doc);
  }

  /** A map-style key in Kuma's string (`header["0"]`) for what is a list index in the document. */
  keyForIndex(index: number, fieldName: string, docKey: string): Loc {
    return new Loc(`${joinField(this.field, fieldName)}[${goQuote(String(index))}]`, [...this.doc, docKey, index]);
  }

  /** `this` under `prefix`, with Kuma's concatenation rule (a field starting with `[` is appended as is). */
  under(prefix: Loc): Loc {
    return new Loc(concatField(prefix.field, this.field), [...prefix.doc, ...this.doc]);
  }

  err(message: string): Violation {
    return this.named(error, message);
  }

  warn(message: string): Violation {
    return this.named(warning, message);
  }

  toString(): string {
    return this.field;
  }

  private named(make: typeof error, message: string): Violation {
    return samePath(parseField(this.field), this.doc) ? make(this.field, message) : make(this.field, message, this.doc);
  }
}

/** The place a violation points at. */
export function locOf(v: Violation): Loc {
  return new Loc(v.field, v.path ?? parseField(v.field));
}

/** The violations of one check, in the order found (Go's validators.ValidationError). */
export class Verr {
  readonly list: Violation[] = [];

  at(loc: Loc, message: string): void {
    this.list.push(loc.err(message));
  }

  add(other: Verr | readonly Violation[]): void {
    for (const v of other instanceof Verr ? other.list : other) this.list.push(v);
  }

  /** AddErrorAt(prefix, other): every violation of `other` re-rooted under `prefix`. */
  addAt(prefix: Loc, other: Verr | readonly Violation[]): void {
    for (const v of other instanceof Verr ? other.list : other) {
      const moved = locOf(v).under(prefix);
      this.list.push(v.severity === 'warning' ? moved.warn(v.message) : moved.err(v.message));
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  toViolations(): Violation[] {
    return [...this.list];
  }
}

/** PathBuilder.concat of two rendered field strings. */
export function concatField(prefix: string, field: string): string {
  if (field === '') return prefix;
  if (prefix === '') return field;
  return field.startsWith('[') ? prefix + field : `${prefix}.${field}`;
}

function joinField(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function samePath(a: DocPath, b: DocPath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
