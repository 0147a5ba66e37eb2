import type { MigrationObject } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import { agencyAccessLog } from './access-log/agency-access-log.js';
import { accessDenialsPart } from './access-log/denials.js';
import { type AgencyCase, agencyCaseReference } from './agency-case.js';
import { recordWrittenReference } from './agency-write.js';
import { type SubgraphName, subgraphOf } from './agencies.js';
import { KnownReferral } from './delivery/known-referral.entity.js';
import { CaseStatisticsFacts } from './delivery/case-statistics.entity.js';
import { receiveFromCenter } from './delivery/known-referrals.js';
import { defineSubgraph, type SubgraphDescriptor } from './descriptor.js';

// What every agency that keeps a slice of the center's cases (health, police, the gender ministry) is made of, once:
// the Case it extends with its slice, the agency's parts of the shared access-log and denial entities, the entity
// RecordWritten that its writes answer, and the inbox where the center tells it of each referral made to it (so
// that its writes are accepted only on cases referred to it, within the writer's place). An agency's index.ts then only declares what is
// its own.

// Classes are what MikroORM and type-graphql take; their constructors are never called with arguments here.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function;

export interface AgencyDeclaration<C extends AgencyCase> {
  readonly name: Exclude<SubgraphName, 'center'>;
  /** The agency's own Case class (types/case.type.ts), which its slice resolvers extend. */
  readonly caseType: new () => C;
  readonly entities: Class[];
  /** The resolvers of its slice and its writes; the shared parts are added here. */
  readonly resolvers: NonEmptyArray<Class>;
  readonly migrations: MigrationObject[];
  /** Writes the agency's share of the demo data (its own demo rows); must be idempotent. */
  readonly seed: SubgraphDescriptor['seed'];
  readonly seedGenerated?: SubgraphDescriptor['seedGenerated'];
  /**
   * Reads what else the agency's Case fields @require from other subgraphs, beside the sharing facts, from the
   * representation into its Case (the police read health's forensic samples so); without it only the key and facts.
   */
  readonly readCase?: (representation: Record<string, unknown>, c: C) => C;
  readonly rollups?: SubgraphDescriptor['rollups'];
}

function caseReference<C extends AgencyCase>(a: AgencyDeclaration<C>) {
  const read = agencyCaseReference(() => new a.caseType());
  const more = a.readCase;
  return more ? (ref: Record<string, unknown>) => more(ref, read(ref)) : read;
}

export function defineAgency<C extends AgencyCase>(a: AgencyDeclaration<C>): SubgraphDescriptor {
  const { field, label } = subgraphOf(a.name);
  const denials = accessDenialsPart(field, label);
  const accessLog = agencyAccessLog(field, label);
  return defineSubgraph({
    name: a.name,
    entities: [...a.entities, KnownReferral, CaseStatisticsFacts],
    resolvers: [...a.resolvers, accessLog.resolver, ...denials.resolvers],
    orphanedTypes: [a.caseType, accessLog.type, denials.type],
    references: {
      // The stub carries the key and the sharing facts; every field on it is guarded by its own scope and rule.
      Case: { scopes: [], resolve: caseReference(a) },
      AccessLog: accessLog.reference,
      AccessDenials: denials.reference,
      RecordWritten: recordWrittenReference,
    },
    migrations: a.migrations,
    receives: { from: 'center', receive: receiveFromCenter },
    seed: a.seed,
    seedGenerated: a.seedGenerated,
    rollups: a.rollups,
  });
}
