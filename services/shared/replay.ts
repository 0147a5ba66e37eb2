import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReplayGuard } from './signing.js';

// Replay protection that holds across restarts and across replicas: every nonce a subgraph accepts is written to its
// own database for twice the signature window, and a nonce already there is a replay. A captured request cannot be
// sent again after a restart, nor to another replica of the same subgraph.

export const SEEN_NONCE_TABLE = 'seen_nonce';

export class DatabaseReplayGuard implements ReplayGuard {
  constructor(
    private readonly em: EntityManager,
    private readonly windowMs: number,
  ) {}

  async admit(nonce: string, now: number): Promise<boolean> {
    if (nonce.length > 100) return false; // the gateway's nonces are UUIDs
    const rows: unknown[] = await this.em.getConnection().execute(
      `insert into "${this.em.config.get('schema')}"."${SEEN_NONCE_TABLE}" (nonce, expires_at) values (?, ?)
       on conflict (nonce) do nothing returning 1`,
      [nonce, new Date(now + 2 * this.windowMs)],
    );
    return rows.length === 1;
  }

  /** Forget nonces past their window; run now and then. */
  async sweep(now = Date.now()): Promise<void> {
    await this.em
      .getConnection()
      .execute(`delete from "${this.em.config.get('schema')}"."${SEEN_NONCE_TABLE}" where expires_at < ?`, [
        new Date(now),
      ]);
  }
}
