// The baseline: a bare Node HTTP server that answers every GET with the bytes in a file and every
// PUT with `{}` after reading the body. Prints its URL on stdout.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
const server = createServer((req, res) => {
  if (req.method === 'PUT') {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 3 });
      res.end('{}\n');
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
