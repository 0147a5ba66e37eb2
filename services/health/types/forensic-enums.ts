import { registerEnumType } from 'type-graphql';

/** What a forensic sample is; the Rwanda Forensic Institute (RFI) analyses it, the hub keeps only its barcode. */
export enum SampleKind {
  SWAB = 'SWAB',
  BLOOD = 'BLOOD',
  URINE = 'URINE',
  HAIR = 'HAIR',
  CLOTHING = 'CLOTHING',
  OTHER = 'OTHER',
}
registerEnumType(SampleKind, { name: 'SampleKind' });

/** The steps of a sample's custody that health records: the hospital's side of the chain. */
export enum HealthCustodyStep {
  COLLECTED = 'COLLECTED',
  SEALED = 'SEALED',
  HANDED_TO_POLICE = 'HANDED_TO_POLICE',
}
registerEnumType(HealthCustodyStep, { name: 'HealthCustodyStep' });
