/* Go's net package: SplitHostPort, ParseIP (as bytes, and as govalidator.IsIP calls it), IP comparisons, ParseCIDR. */

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
  return goParseIP(s) !== undefined;
}

/** The 16-byte form of an IP address (IPv4 as IPv4-mapped IPv6), or undefined when Go would not parse it. */
export function goParseIP(s: string): number[] | undefined {
  const v4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/.exec(s);
  if (v4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4.slice(1, 5).map(Number)];
  if (!s.includes(':') || /[^0-9A-Fa-f:.]/.test(s)) return undefined;
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const t = goParseIP(last);
    if (!t || last.includes(':')) return undefined;
    tail = t.slice(12);
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const groupsOf = (p: string): string[] => (p === '' ? [] : p.split(':'));
  const okGroup = (g: string) => /^[0-9A-Fa-f]{1,4}$/.test(g);
  let groups: string[];
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    if (dbl !== text.lastIndexOf('::')) return undefined;
    const left = groupsOf(text.slice(0, dbl));
    const right = groupsOf(text.slice(dbl + 2));
    if (![...left, ...right].every(okGroup) || left.length + right.length >= 8) return undefined;
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else {
    groups = text.split(':');
    if (groups.length !== 8 || !groups.every(okGroup)) return undefined;
  }
  const bytes: number[] = [];
  for (const g of groups) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** net.IP.IsUnspecified (a nil IP is not unspecified). */
export function isUnspecifiedIP(ip: number[] | undefined): boolean {
  if (!ip) return false;
  const v4Unspec = ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff && ip.slice(12).every((b) => b === 0);
  return ip.every((b) => b === 0) || v4Unspec;
}

export function sameIP(a: number[] | undefined, b: number[] | undefined): boolean {
  if (!a || !b) return a === undefined && b === undefined;
  return a.every((x, i) => x === b[i]);
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
