/**
 * Runs `work` with Ctrl-C turned into a request to stop: `stopped()` turns true (the work sends nothing
 * more and lets what is in flight finish) and a line on stderr says so. Returns whether it was stopped.
 */
export async function untilInterrupted<T>(work: (stopped: () => boolean) => Promise<T>): Promise<{ result: T; stopped: boolean }> {
  let stopped = false;
  const onSignal = () => {
    stopped = true;
    process.stderr.write('\ninterrupted: finishing the requests in flight, sending nothing more\n');
  };
  process.once('SIGINT', onSignal);
  try {
    const result = await work(() => stopped);
    return { result, stopped };
  } finally {
    process.off('SIGINT', onSignal);
  }
}
