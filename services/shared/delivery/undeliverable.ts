import type { EntityManager } from '@mikro-orm/postgresql';
import { outboxSchema, UNDELIVERABLE } from './outbox.js';

// The messages an outbox gave up on, for an administrator to see and send again: pg-boss moves a message that failed
// every retry to the `undeliverable` queue, which nothing works, so it stays there until someone acts. Read with SQL
// on the outbox's own tables, in the sender's database: no worker needs to run for an administrator to look.

export interface DeadMessage {
  id: string;
  /** The message, as it would have been delivered. */
  data: Record<string, unknown>;
  /** When it was given up on. */
  since: Date;
  /** What its last delivery failed on. */
  lastError: string | null;
  /** How many deliveries were tried. */
  attempts: number;
}

interface Row {
  id: string;
  data: Record<string, unknown>;
  created_on: Date;
  last_error: string | null;
  retry_limit: number;
}

const table = (em: EntityManager) => `"${outboxSchema(String(em.config.get('schema')))}".job`;

const toMessage = (r: Row): DeadMessage => ({
  id: r.id,
  data: r.data,
  since: new Date(r.created_on),
  lastError: r.last_error,
  attempts: r.retry_limit + 1,
});

// pg-boss copies the failed delivery's output (the error the worker failed it with) and retry limit to the copy.
const SELECT = `select d.id, d.data, d.created_on, d.output->>'error' as last_error, d.retry_limit`;

/** The undeliverable messages, oldest first, with what their delivery last failed on. */
export async function undeliverable(em: EntityManager, first: number): Promise<DeadMessage[]> {
  const rows: Row[] = await em
    .getConnection()
    .execute(
      `${SELECT} from ${table(em)} d where d.name = ? and d.state = 'created' order by d.created_on, d.id limit ?`,
      [UNDELIVERABLE, first],
    );
  return rows.map(toMessage);
}

/** One undeliverable message by id, or null. */
export async function undeliverableById(em: EntityManager, id: string): Promise<DeadMessage | null> {
  const rows: Row[] = await em
    .getConnection()
    .execute(`${SELECT} from ${table(em)} d where d.id = ? and d.name = ? and d.state = 'created'`, [
      id,
      UNDELIVERABLE,
    ]);
  return rows[0] ? toMessage(rows[0]) : null;
}

/**
 * Take an undeliverable message out of the undeliverable queue, in the caller's transaction, to queue it again in the
 * same transaction: it leaves as it is queued again, or neither. Null when no such message waits (taken back already, or
 * never there).
 */
export async function takeBack(em: EntityManager, id: string): Promise<Record<string, unknown> | null> {
  const rows: { data: Record<string, unknown> }[] = await em
    .getConnection()
    .execute(
      `delete from ${table(em)} where id = ? and name = ? and state = 'created' returning data`,
      [id, UNDELIVERABLE],
      'all',
      em.getTransactionContext(),
    );
  return rows[0]?.data ?? null;
}

/**
 * Put a message among the undeliverable ones as if its deliveries had failed `attempts` times, the last on `lastError`:
 * the demo's referral that waits for an administrator. Written in the caller's transaction, as a real one would be.
 */
export async function seedUndeliverable(
  em: EntityManager,
  m: { data: Record<string, unknown>; since: Date; lastError: string; attempts: number },
): Promise<void> {
  await em
    .getConnection()
    .execute(
      `insert into ${table(em)} (name, data, output, retry_limit, created_on) values (?, ?::jsonb, ?::jsonb, ?, ?)`,
      [UNDELIVERABLE, JSON.stringify(m.data), JSON.stringify({ error: m.lastError }), m.attempts - 1, m.since],
      'run',
      em.getTransactionContext(),
    );
}
