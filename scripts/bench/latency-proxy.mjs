// A TCP proxy that adds a fixed delay to every round trip, half each way: what a remote control plane
// looks like to a client. Bytes keep their order; each chunk waits its half delay on arrival.
// Usage: node latency-proxy.mjs UPSTREAM_URL ROUND_TRIP_MS; prints its URL (http://127.0.0.1:PORT).
import { createServer, connect } from 'node:net';

const [upstreamUrl, rttArg] = process.argv.slice(2);
const upstream = new URL(upstreamUrl);
const half = Number(rttArg) / 2;

/** Forwards `from` to `to`, each chunk `half` ms after it arrived (timers of one delay fire in order). */
function delayed(from, to) {
  const queue = [];
  let timer;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0].due <= now + 0.05) {
      const { chunk } = queue.shift();
      if (chunk === null) to.end();
      else to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0].due - performance.now()));
  };
  const push = (chunk) => {
    queue.push({ due: performance.now() + half, chunk });
    if (timer === undefined) timer = setTimeout(flush, half);
  };
  from.on('data', (chunk) => push(chunk));
  from.on('end', () => push(null));
}

const server = createServer({ noDelay: true }, (client) => {
  const up = connect({ host: upstream.hostname, port: Number(upstream.port), noDelay: true });
  delayed(client, up);
  delayed(up, client);
  const close = () => {
    client.destroy();
    up.destroy();
  };
  client.on('error', close);
  up.on('error', close);
  client.on('close', () => up.destroy());
  up.on('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
