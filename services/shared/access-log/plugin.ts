import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context.js';
import { ErrorCode, isDatabaseUnavailable, serviceUnavailable } from '../errors.js';
import { errorName, type Logger } from '../log.js';
import { appendAccessLog, recordDenials } from './store.js';

/**
 * Before a response leaves the subgraph, what it disclosed is appended to the access log. If that fails, nothing is
 * disclosed: a read the survivor could not later learn about (Law 058/2021 Art. 18) must not happen.
 */
export function accessLogPlugin(log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const { caller } = contextValue;
          // An anonymous request reads no case (every case field needs a scope), so it has nothing to log.
          if (caller === null) return;
          // Refused reads are counted whatever else happens; failing to count them withholds nothing.
          await recordDenials(contextValue.em, caller, contextValue.access.drainDenials()).catch((err: unknown) =>
            log.warn('denials not recorded', { error: errorName(err) }),
          );
          const events = contextValue.access.drainReads();
          if (events.length === 0) return;
          try {
            await appendAccessLog(contextValue.em, caller, contextValue.requestId, events);
          } catch (err) {
            log.error('access log append failed; response withheld', {
              error: errorName(err),
              code: (err as { code?: string }).code ?? '',
            });
            response.body = {
              kind: 'single',
              singleResult: {
                data: null,
                errors: [
                  isDatabaseUnavailable(err)
                    ? serviceUnavailable().toJSON()
                    : {
                        message: 'The access could not be recorded, so nothing is shown',
                        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
                      },
                ],
              },
            };
          }
        },
      };
    },
  };
}
