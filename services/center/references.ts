import type { ReferenceResolver } from '../shared/descriptor.js';
import { centerById } from './loaders/case.loaders.js';
import { readableSurvivor } from './policies/survivor-access.policy.js';
import { readAccessLog } from './reads/access-log.read.js';
import { readCase } from './reads/case.read.js';
import { keepReceived } from './reads/timeline-received.js';
import { CenterRecordWritten } from './types/record-written.type.js';

// The center's entities as other subgraphs' answers name them: each resolved by the very read its own query uses,
// under the same rules, with the same log.

export const centerReferences: Record<string, ReferenceResolver> = {
  Center: { scopes: [], resolve: (ref, ctx) => centerById(ctx).load(String(ref.id)) },
  Case: {
    scopes: ['case:read'],
    resolve: async (ref, ctx, info) => {
      const found = await readCase(ctx, String(ref.id), info);
      // The agencies' events `Case.timeline` requires arrive in the representation, once the case has been read.
      keepReceived(ctx, ref);
      return found;
    },
  },
  Survivor: { scopes: ['case:read'], resolve: (ref, ctx) => readableSurvivor(ctx, String(ref.id)) },
  // What an agency's write answered: the center adds the case (resolvers/record-written.resolver.ts).
  RecordWritten: {
    scopes: [],
    resolve: (ref) => Object.assign(new CenterRecordWritten(), { id: String(ref.id), caseId: String(ref.caseId) }),
  },
  AccessLog: { scopes: ['access-log:read'], resolve: (ref, ctx) => readAccessLog(ctx, String(ref.caseId)) },
};
