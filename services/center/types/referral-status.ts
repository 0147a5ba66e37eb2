import { registerEnumType } from 'type-graphql';
import { ReferralStatus } from '../../shared/referral-lifecycle.js';

export { ReferralStatus };
registerEnumType(ReferralStatus, {
  name: 'ReferralStatus',
  description:
    'Requested by the center; accepted or rejected (with a reason) by the agency; completed by the agency; or revoked (with a reason) by the center.',
});
