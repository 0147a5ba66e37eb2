import { KnownReferralMigration } from '../../shared/delivery/known-referral.migration.js';

export class Migration20261129170100KnownReferral extends KnownReferralMigration {
  protected readonly schema = 'gender_ministry';
}
