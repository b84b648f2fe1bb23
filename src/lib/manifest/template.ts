/*
 * `--var` templating: `{{ name }}` and `{{{ name }}}` are replaced by the value as given. Unlike
 * kumactl (Mustache), nothing is HTML-escaped, and an unknown name is an error, not an empty string.
 * Dotted names (`{{ a.b }}`) are looked up as written, so `-v a.b=1 -v a.c=2` both work.
 */

export interface TemplateProblem {
  line: number;
  column: number;
  message: string;
}

const PLACEHOLDER = /\{\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}\}|\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export function renderTemplate(text: string, vars: Readonly<Record<string, string>>): { text: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const out = text.replace(PLACEHOLDER, (whole, triple: string | undefined, double: string | undefined, offset: number) => {
    const name = (triple ?? double)!;
    const value = vars[name];
    if (value !== undefined) return value;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    problems.push({ line, column: offset - before.lastIndexOf('\n'), message: `unknown variable "${name}" in ${whole}: give it with --var ${name}=VALUE` });
    return whole;
  });
  return { text: out, problems };
}
