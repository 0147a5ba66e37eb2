// Shared by health, which labels a sample, and the police, who receive it by its label.
// The Rwanda Forensic Institute's sample barcode, as the hub accepts it: "RFI-", the year of collection, and a
// six-digit serial (RFI-2026-004211). The hub links to RFI's sample by this id and copies no lab result. The format
// is the hub's assumption until RFI publishes its own; it is checked in one place, here, and upper-case only, so that
// one label is never stored twice under two spellings.
export const RFI_BARCODE = /^RFI-\d{4}-\d{6}$/;

export const RFI_BARCODE_PROBLEM = 'must be an RFI barcode: RFI-, a year and six digits (RFI-2026-004211)';
