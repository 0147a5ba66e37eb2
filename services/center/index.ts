import { defineSubgraph } from '../shared/descriptor.js';
import { Case } from './entities/case.entity.js';
import { CaseSequence } from './entities/case-sequence.entity.js';
import { Center } from './entities/center.entity.js';
import { Consent } from './entities/consent.entity.js';
import { Survivor } from './entities/survivor.entity.js';
import { Guardian, SurvivorIdentity } from './entities/survivor-identity.entity.js';
import { migrations } from './migrations/index.js';
import { readableCase } from './policies/case-access.policy.js';
import { readableSurvivor } from './policies/survivor-access.policy.js';
import { CaseResolver } from './resolvers/case.resolver.js';
import { CenterResolver } from './resolvers/center.resolver.js';
import { ConsentResolver } from './resolvers/consent.resolver.js';
import { IntakeResolver } from './resolvers/intake.resolver.js';
import { centerById } from './resolvers/loaders.js';
import { SurvivorResolver } from './resolvers/survivor.resolver.js';
import { seedCenter } from './seed.js';

/** The Isange One Stop Center: reception, coordination, survivors, cases, consent. */
export const center = defineSubgraph({
  name: 'center',
  port: 4001,
  dbSchema: 'center',
  entities: [Center, Survivor, SurvivorIdentity, Guardian, Case, CaseSequence, Consent],
  resolvers: [CenterResolver, CaseResolver, IntakeResolver, ConsentResolver, SurvivorResolver],
  references: {
    Center: { scopes: [], resolve: (ref, ctx) => centerById(ctx).load(ref.id as string) },
    Case: { scopes: ['case:read'], resolve: (ref, ctx) => readableCase(ctx, ref.id as string) },
    Survivor: { scopes: ['case:read'], resolve: (ref, ctx) => readableSurvivor(ctx, ref.id as string) },
  },
  migrations,
  seed: seedCenter,
});
