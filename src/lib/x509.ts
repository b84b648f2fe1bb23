/** @peculiar/x509, loaded on first use (only CA creation and provided-CA checks need it; CLI start-up stays light). */
import { createRequire } from 'node:module';
import type * as X509Lib from '@peculiar/x509';

/**
 * @peculiar/x509 depends on tsyringe, which needs `Reflect.getMetadata` & co. (normally the `reflect-metadata`
 * package). Rather than add a second dependency, install a minimal Reflect metadata shim when none is present.
 * It stores metadata per (target, property) in a WeakMap; `getMetadata` walks the prototype chain.
 */
function installReflectMetadataShim(): void {
  const R = Reflect as unknown as Record<string, unknown>;
  if (typeof R['getMetadata'] === 'function' && typeof R['getOwnMetadata'] === 'function') return;
  const store = new WeakMap<object, Map<PropertyKey | undefined, Map<unknown, unknown>>>();
  const table = (target: object, prop: PropertyKey | undefined, create: boolean): Map<unknown, unknown> | undefined => {
    let byProp = store.get(target);
    if (byProp === undefined) {
      if (!create) return undefined;
      byProp = new Map();
      store.set(target, byProp);
    }
    let byKey = byProp.get(prop);
    if (byKey === undefined && create) {
      byKey = new Map();
      byProp.set(prop, byKey);
    }
    return byKey;
  };
  const getOwnMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => table(target, prop, false)?.get(key);
  const hasOwnMetadata = (key: unknown, target: object, prop?: PropertyKey): boolean => table(target, prop, false)?.has(key) ?? false;
  const hasMetadata = (key: unknown, target: object, prop?: PropertyKey): boolean => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      if (hasOwnMetadata(key, t, prop)) return true;
    }
    return false;
  };
  const getMetadata = (key: unknown, target: object, prop?: PropertyKey): unknown => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const m = table(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, prop?: PropertyKey): void => {
    table(target, prop, true)!.set(key, value);
  };
  const metadata =
    (key: unknown, value: unknown) =>
    (target: object, prop?: PropertyKey): void =>
      defineMetadata(key, value, target, prop);
  const fns: Record<string, unknown> = { getOwnMetadata, hasOwnMetadata, hasMetadata, getMetadata, defineMetadata, metadata };
  for (const [name, fn] of Object.entries(fns)) {
    if (typeof R[name] !== 'function') Object.defineProperty(Reflect, name, { value: fn, writable: true, configurable: true });
  }
}

let x509Module: typeof X509Lib | undefined;

/** @peculiar/x509, loaded now (its CommonJS build, so that synchronous checks can use it too). */
export function loadX509Sync(): typeof X509Lib {
  if (x509Module === undefined) {
    installReflectMetadataShim();
    x509Module = createRequire(import.meta.url)('@peculiar/x509') as typeof X509Lib;
  }
  return x509Module;
}

/** @peculiar/x509 for asynchronous callers. */
export async function loadX509(): Promise<typeof X509Lib> {
  return loadX509Sync();
}
