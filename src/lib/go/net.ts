/* Go's net package: SplitHostPort, ParseIP (as govalidator.IsIP calls it) and ParseCIDR, accept/reject only. */

/** Go's net.SplitHostPort; null when it returns an error. */
export function goSplitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return null;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return null;
    if (end + 1 === hostport.length) return null;
    if (end + 1 !== i) return null;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return null;
  }
  if (hostport.slice(j).includes('[')) return null;
  if (hostport.slice(k).includes(']')) return null;
  return { host, port: hostport.slice(i + 1) };
}

/** net.ParseIP(s) != nil, as govalidator.IsIP checks it: dotted IPv4 and IPv6 text. */
export function isGoIP(s: string): boolean {
  if (/^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/.test(s)) return true;
  return isIPv6(s);
}

function isIPv6(s: string): boolean {
  if (!s.includes(':') || /[^0-9A-Fa-f:.]/.test(s)) return false;
  let text = s;
  let groups = 8;
  // an embedded IPv4 tail counts as two groups
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isGoIP(tail) || tail.includes(':')) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const dbl = text.indexOf('::');
  if (dbl !== text.lastIndexOf('::')) return false;
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const okGroup = (g: string) => /^[0-9A-Fa-f]{1,4}$/.test(g);
  if (dbl >= 0) {
    const left = parts(text.slice(0, dbl));
    const right = parts(text.slice(dbl + 2));
    if (![...left, ...right].every(okGroup)) return false;
    return left.length + right.length < groups;
  }
  const all = text.split(':');
  groups = all.length;
  return groups === 8 && all.every(okGroup);
}

/** govalidator.IsCIDR (net.ParseCIDR without error). */
export function isGoCIDR(str: string): boolean {
  const slash = str.indexOf('/');
  if (slash < 0) return false;
  const addr = str.slice(0, slash);
  const mask = str.slice(slash + 1);
  if (addr.includes('%') || !isGoIP(addr)) return false;
  if (!/^[0-9]+$/.test(mask)) return false;
  const bits = addr.includes(':') ? 128 : 32;
  const n = mask.length > 8 ? Infinity : Number(mask);
  return n <= bits;
}
