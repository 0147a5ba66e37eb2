import { Roles } from '../shared/catalogue.js';
import { dataDir } from './provide-database.js';
import { devKeyFiles } from '../shared/dev-key-files.js';
import { ensureDevKeys, readIssuerPrivateJwk } from './dev-keys.js';
import { demoClaims, demoUser, demoUsers, issueToken } from './demo-users.js';
import { errorMessage } from '../shared/log.js';

// `npm run token -- <demo-user>` prints a bearer token from the development issuer. A gateway trusts these tokens only
// when DEV_ISSUER is on (as `npm start` sets it); production gateways never do. `--centers` places a demo user of a
// center role at other centers, such as one an administrator has just opened: a real identity provider names a
// person's centers the same way.

async function main(): Promise<void> {
  const login = process.argv[2];
  if (!login || login === '--help') {
    process.stderr.write(
      'usage: npm run token -- <demo-user> [--ttl <seconds>] [--centers <code>,...]\n\ndemo users:\n',
    );
    for (const u of demoUsers) {
      const where = u.centers ? `centers ${u.centers.join(',')}` : u.district ? `district ${u.district}` : 'national';
      process.stderr.write(`  ${u.login.padEnd(16)} ${u.role.padEnd(18)} ${where}\n`);
    }
    process.exit(login ? 0 : 2);
  }
  const ttlIndex = process.argv.indexOf('--ttl');
  const ttl = ttlIndex > 0 ? Number(process.argv[ttlIndex + 1]) : 8 * 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive number of seconds');
  const centersIndex = process.argv.indexOf('--centers');
  const centers = centersIndex > 0 ? (process.argv[centersIndex + 1] ?? '').split(',').filter(Boolean) : null;
  const demo = demoUser(login);
  if (centers && (Roles[demo.role].org !== 'centers' || centers.length === 0))
    throw new Error('--centers takes center codes, for a demo user of a center role');
  const user = centers ? { ...demo, centers } : demo;
  const files = await ensureDevKeys(devKeyFiles(`${dataDir}keys`).dir);
  const token = await issueToken(await readIssuerPrivateJwk(files), demoClaims(user), { ttlSeconds: ttl });
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `# ${user.login}: ${Roles[user.role].title}${centers ? ` (centers ${centers.join(',')})` : ''}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(2);
});
