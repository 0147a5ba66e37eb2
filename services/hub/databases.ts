import pg from 'pg';

// Small administrative helpers around PostgreSQL: the launcher, the migration tools and the tests create and drop
// whole databases; the hub itself only ever connects to one.

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withClient(
    databaseUrl(serverUrl, 'postgres'),
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1,
  );
}

export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  await withClient(databaseUrl(serverUrl, 'postgres'), (c) =>
    c.query(`create database ${quote(name)}${template ? ` template ${quote(template)}` : ''}`),
  );
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(databaseUrl(serverUrl, 'postgres'), (c) =>
    c.query(`drop database if exists ${quote(name)} with (force)`),
  );
}
