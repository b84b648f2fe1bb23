import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags of every CLI run (bin/run.js), and of the build's warm-up that writes get's code cache: V8
 * accepts a cache only from the same flags. undici parses HTTP with a WebAssembly module; V8's
 * optimising compiler would keep working on it in the background and hold the exit of a short command
 * by ~100 ms. The baseline compiler is fast enough here.
 */
export const CLI_V8_FLAGS = '--liftoff-only';

export function setCliV8Flags(): void {
  setFlagsFromString(CLI_V8_FLAGS);
}
