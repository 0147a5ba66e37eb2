import { resolve } from 'node:path';
import { ensureDevKeys } from './dev-keys.js';

// `npm run keys -- <folder>`: create the gateway's signing key pair and the development issuer's keys in a folder,
// if they are not there yet. docker-compose runs it once into a shared volume; `npm start` does it by itself.

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npm run keys -- <folder>\n');
  process.exit(2);
}
const files = await ensureDevKeys(resolve(dir));
process.stdout.write(
  `keys in ${files.dir}: ${[files.gatewayPrivate, files.gatewayPublic, files.issuerJwks].map((f) => f.slice(files.dir.length + 1)).join(', ')}\n`,
);
