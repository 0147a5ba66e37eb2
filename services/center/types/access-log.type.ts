import { Directive, ObjectType } from 'type-graphql';
import { ACCESS_LOG_KEY, AccessLogKey } from '../../shared/access-log/key.type.js';

// "Who has seen this survivor's data" (Law 058/2021 Art. 18) spans all four agencies: each subgraph keeps its own
// log and adds its own list to this entity; the center owns it and knows the case manager, whom it names in the key the others receive.
@ObjectType('AccessLog', { description: "A case's access log, one list per agency that keeps data on it." })
@Directive('@key(fields: "caseId")')
@Directive(`@key(fields: "${ACCESS_LOG_KEY}")`)
export class CenterAccessLog extends AccessLogKey {}
