import type { LegalBasis } from '../sharing/decide.js';

/** One entry as the recorder collects it during a request. */
export interface AccessEvent {
  caseId: string | null;
  action: 'READ' | 'WRITE';
  fields: string[];
  basis: LegalBasis;
  reason: string | null;
}

/**
 * Collects what a request read and wrote, per case, while resolvers run; the subgraph appends it to its access log
 * before the response leaves (reads) or inside the write's own transaction (writes). Reads of the same case in one
 * request merge into one entry listing every field; reads of no case merge only when their reasons are the same.
 */
export class AccessRecorder {
  private readonly reads = new Map<string, AccessEvent>();
  private readonly denials: { caseId: string | null; reason: string }[] = [];

  /** A read refused: counted in the subgraph's denial record when the request ends (AccessDenialRow). */
  denied(caseId: string | null, reason: string): void {
    if (this.denials.length < 1000) this.denials.push({ caseId, reason });
  }

  /** Denials collected so far, and forget them. */
  drainDenials(): { caseId: string | null; reason: string }[] {
    return this.denials.splice(0);
  }

  /** A read; `caseId` null for personal data that belongs to no case (a hotline caller's name). */
  read(caseId: string | null, basis: LegalBasis, fields: string[], reason: string | null = null): void {
    // A read of no case is told apart by its reason: each statistics question is an entry of its own, however many
    // one request asks, so that the log shows every question asked.
    const key = caseId === null ? `null|${basis}|${reason}` : `${caseId}|${basis}`;
    const seen = this.reads.get(key);
    if (seen) {
      for (const f of fields) if (!seen.fields.includes(f)) seen.fields.push(f);
      return;
    }
    this.reads.set(key, { caseId, action: 'READ', fields: [...new Set(fields)], basis, reason });
  }

  /** Reads collected so far, and forget them (they are being written). */
  drainReads(): AccessEvent[] {
    const out = [...this.reads.values()].map((e) => ({ ...e, fields: [...e.fields].sort() }));
    this.reads.clear();
    return out;
  }
}
