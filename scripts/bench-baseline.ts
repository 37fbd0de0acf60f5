// The ceiling for `npm run bench`: the smallest useful node:http server, answering every
// request with the same bytes from memory. Placard's article page is compared with it,
// so the ratio says how much of the machine's HTTP capacity Placard's own work leaves.
//
// Usage: node scripts/bench-baseline.ts <file> <port> [content-type]
// Prints "ready <port>" on stdout once it listens; stops on SIGTERM or SIGINT.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, portArg, contentType = 'text/html; charset=utf-8'] = process.argv.slice(2);
if (!file || !portArg || !/^[0-9]+$/.test(portArg)) {
  process.stderr.write('usage: node scripts/bench-baseline.ts <file> <port> [content-type]\n');
  process.exit(2);
}

const body = readFileSync(file);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(Number(portArg), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : portArg}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
