// The agencies of the hub, one row each. Every other place that names an agency (the permission catalogue's
// agencies, the subgraph names, the consent scopes and referral targets, database schemas, ports, the fields each
// agency adds to the shared access-log and denial entities) derives from this table. Adding an agency starts here.

interface AgencyRow {
  /** In prose: "Entries of the gender ministry access log". */
  readonly label: string;
  /** Its own subgraph, if it has one; national roles (analysts, auditors) read through the others. */
  readonly subgraph: { readonly dbSchema: string; readonly port: number; readonly field: string } | null;
  /**
   * The code a survivor's consent and a case's referral name this agency by. Null for the center, which serves the
   * survivor itself and needs neither.
   */
  readonly sharing: string | null;
  /** In the demo data: how often a survivor consents to share with this agency. */
  readonly demoConsentRate: number;
}

export const AGENCIES = {
  center: {
    label: 'center',
    subgraph: { dbSchema: 'center', port: 4001, field: 'center' },
    sharing: null,
    demoConsentRate: 0,
  },
  health: {
    label: 'health',
    subgraph: { dbSchema: 'health', port: 4002, field: 'health' },
    sharing: 'HEALTH',
    demoConsentRate: 0.9,
  },
  police: {
    label: 'police',
    subgraph: { dbSchema: 'police', port: 4003, field: 'police' },
    sharing: 'POLICE',
    demoConsentRate: 0.65,
  },
  'gender-ministry': {
    label: 'gender ministry',
    subgraph: { dbSchema: 'gender_ministry', port: 4004, field: 'genderMinistry' },
    sharing: 'GENDER_MINISTRY',
    demoConsentRate: 0.5,
  },
  national: { label: 'national', subgraph: null, sharing: null, demoConsentRate: 0 },
} as const satisfies Record<string, AgencyRow>;

type Table = typeof AGENCIES;
export type Agency = keyof Table;
export const Agencies = Object.keys(AGENCIES) as readonly Agency[];

export function isAgency(value: string): value is Agency {
  return Object.hasOwn(AGENCIES, value);
}

/** The agencies with a subgraph of their own. */
export type SubgraphName = { [A in Agency]: Table[A]['subgraph'] extends null ? never : A }[Agency];
export const SubgraphNames = Agencies.filter((a): a is SubgraphName => AGENCIES[a].subgraph !== null);

/**
 * Who tells whom of referrals (shared/delivery): the center, every other agency. Kept in the table rather than
 * only in the center's descriptor so that the launcher, which starts receivers before their sender, knows it without
 * loading any agency's code (services/hub/start.ts).
 */
export const DELIVERIES: { readonly [S in SubgraphName]?: readonly SubgraphName[] } = {
  center: SubgraphNames.filter((n) => n !== 'center'),
};

/** The agencies a survivor consents to share with and a case is referred to, by their sharing code. */
export type SharingAgency = NonNullable<Table[Agency]['sharing']>;
const SharingAgencies = Agencies.flatMap((a) => {
  const code: SharingAgency | null = AGENCIES[a].sharing;
  return code === null ? [] : [code];
});

/** The sharing code of an agency, if survivors consent to share with it. */
export function sharingCodeOf(agency: Agency): SharingAgency | null {
  return AGENCIES[agency].sharing;
}

/**
 * How records name an agency that is not a sharing partner too: its sharing code (HEALTH), or its name in capitals
 * (CENTER, NATIONAL). An emergency grant records the agency it was opened for this way.
 */
export function agencyCode(agency: Agency): string {
  return sharingCodeOf(agency) ?? agency.toUpperCase();
}

/** An agency's own subgraph: its database schema, default port and the field it adds to shared entities. */
export function subgraphOf(name: SubgraphName): { dbSchema: string; port: number; field: string; label: string } {
  const row = AGENCIES[name];
  return { ...row.subgraph, label: row.label };
}

/** `{ HEALTH: 'HEALTH', ... }`: the sharing codes as an enum object, for GraphQL and the database. */
export function sharingEnum(): { readonly [K in SharingAgency]: K } {
  // Built from the table; the mapped type says exactly what Object.fromEntries cannot.
  return Object.freeze(Object.fromEntries(SharingAgencies.map((a) => [a, a]))) as { readonly [K in SharingAgency]: K };
}

/** The agency's subgraph a sharing code names (where a referral to HEALTH is delivered, say). */
export function subgraphOfSharing(code: string): SubgraphName {
  const found = SubgraphNames.find((n) => AGENCIES[n].sharing === code);
  if (!found) throw new Error(`no subgraph receives ${code}`);
  return found;
}
