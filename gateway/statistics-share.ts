import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { type DocumentNode, GraphQLError, visit } from 'graphql';
import { ErrorCode } from '../services/shared/errors.js';
import { FairShare, type FairShareLimits } from './fair-share.js';
import { isStatistics } from './limits.js';
import { pause } from './refusal-delay.js';
import type { HubGatewayContext } from './upstream-signing.js';

// Each caller's share of the analysts' statistics, at the gateway: at most `inFlight` of one caller's requests that
// ask statistics are executed at once, `waiting` more wait for a turn, and the rest are refused here, after a pause,
// before any subgraph hears of them. The subgraphs have their own gate (services/shared/statistics/gate.ts), but a
// question refused there has already cost a signed request, a nonce written and a plan; an analyst looping on
// refusals at full speed kept the center busy with refusals alone. One dashboard page is four requests at once, and
// an analyst switching the year before they are answered sends four more: all wait their turn here and pass.

export const DEFAULT_STATISTICS_SHARE: FairShareLimits = { inFlight: 1, waiting: 8 };

/** Whether a document asks any statistics question, as limits.ts counts them. */
function asksStatistics(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (isStatistics(node)) {
        found = true;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

export function statisticsBusyAtGateway(): GraphQLError {
  return new GraphQLError(
    'Statistics busy: you already have as many statistics requests running and waiting as one caller may; wait for their answers before sending more',
    { extensions: { code: ErrorCode.STATISTICS_BUSY, reason: 'CALLER_SHARE' } },
  );
}

export function useStatisticsShare(
  limits: FairShareLimits = DEFAULT_STATISTICS_SHARE,
  refusalDelayMs = 0,
): GatewayPlugin<HubGatewayContext> {
  const shares = new FairShare(limits);
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const caller = (args.contextValue as HubGatewayContext).caller;
      // An anonymous caller reaches no statistics (they require stats:read): the field filter answers it.
      if (!caller || !asksStatistics(args.document)) return;
      const release = await shares.acquire(`${caller.agency}:${caller.subject}`);
      if (!release) {
        await pause(refusalDelayMs);
        setResultAndStopExecution({ data: null, errors: [statisticsBusyAtGateway()] });
        return;
      }
      return { onExecuteDone: () => release() };
    },
  };
}
