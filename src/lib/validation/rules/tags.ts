/**
 * Kuma's tag and selector checks (2.14.3, pkg/core/resources/apis/mesh/validators.go: ValidateTags, ValidateSelector),
 * written once for every rule set, with the caller's extra checks hooked in where Kuma runs them.
 */
import { goSortStrings } from '../../go/sort.js';
import { Verr, type Loc } from './loc.js';

export const SERVICE_TAG = 'kuma.io/service';
const TAG_NAME = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE = /^[a-zA-Z0-9.\-_:]*$/;
const SELECTOR_VALUE = /^([a-zA-Z0-9.\-_:/]*|\*)$/;
const TAG_NAME_MSG = 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores';
const TAG_VALUE_MSG = 'tag value must consist of alphanumeric characters, dots, dashes and underscores';
const SELECTOR_VALUE_MSG = 'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"';

export { goSortStrings as goSorted } from '../../go/sort.js';

export interface TagRules {
  requireAtLeastOneTag?: boolean;
  requireService?: boolean;
  forbidService?: boolean;
  /** Selector values: `*` and `/` allowed (ValidateSelector); otherwise data plane tag values (ValidateTags). */
  selector?: boolean;
}

/** A caller's own checks, run where Kuma runs its extra validators: on the map, on each key, on each value. */
export interface TagHooks {
  tags?(): void;
  key?(key: string): void;
  value?(key: string, value: string): void;
}

/** Checks `tags` in Go's key order; `report(key, message)` gets `key` undefined for a finding on the map itself. */
export function checkTags(
  tags: ReadonlyMap<string, string>,
  rules: TagRules,
  report: (key: string | undefined, message: string) => void,
  hooks: TagHooks = {},
): void {
  if (rules.requireAtLeastOneTag && tags.size === 0) report(undefined, 'must have at least one tag');
  hooks.tags?.();
  for (const key of goSortStrings(tags.keys())) {
    if (key === '') report(undefined, 'tag name must be non-empty');
    if (!TAG_NAME.test(key)) report(key, TAG_NAME_MSG);
    hooks.key?.(key);
    const value = tags.get(key) ?? '';
    if (value === '') report(key, 'tag value must be non-empty');
    if (rules.selector ? !SELECTOR_VALUE.test(value) : !TAG_VALUE.test(value)) report(key, rules.selector ? SELECTOR_VALUE_MSG : TAG_VALUE_MSG);
    hooks.value?.(key, value);
  }
  const defined = tags.has(SERVICE_TAG);
  if (rules.forbidService && defined) report(undefined, `"${SERVICE_TAG}" must not be defined`);
  if (rules.requireService && !defined) report(undefined, `mandatory tag "${SERVICE_TAG}" is missing`);
}

export type TagsValidator = (loc: Loc, tags: Map<string, string>) => Verr;
export type TagKeyValidator = (loc: Loc, key: string) => Verr;
export type TagValueValidator = (loc: Loc, key: string, value: string) => Verr;

export interface TagsOpts extends Omit<TagRules, 'selector'> {
  extraTags?: TagsValidator[];
  extraKeys?: TagKeyValidator[];
  extraValues?: TagValueValidator[];
}

/** ValidateTags: tag values of a data plane-like resource (no `/`, no `*`). */
export function validateTags(loc: Loc, tags: Map<string, string>, opts: TagsOpts = {}): Verr {
  return validateTagKeyValues(loc, tags, opts, false);
}

/** ValidateSelector: tag values may also be `*` and contain `/`. */
export function validateSelector(loc: Loc, tags: Map<string, string>, opts: TagsOpts = {}): Verr {
  return validateTagKeyValues(loc, tags, opts, true);
}

function validateTagKeyValues(loc: Loc, tags: Map<string, string>, opts: TagsOpts, selector: boolean): Verr {
  const err = new Verr();
  checkTags(tags, { ...opts, selector }, (key, message) => err.at(key === undefined ? loc : loc.k(key), message), {
    tags: () => {
      for (const v of opts.extraTags ?? []) err.add(v(loc, tags));
    },
    key: (key) => {
      for (const v of opts.extraKeys ?? []) err.add(v(loc, key));
    },
    value: (key, value) => {
      for (const v of opts.extraValues ?? []) err.add(v(loc, key, value));
    },
  });
  return err;
}
