import { Directive, Field, ObjectType } from 'type-graphql';

// The sharing facts on the wire, declared once. The center resolves them on its Case; each agency @requires them on
// its slice; the gateway's planner carries them between the two. From the one declaration below come: the GraphQL
// types (classes built here), the `@requires` selection (all of it, always, so a decision never works from a partial
// copy), the TypeScript type `Sharing` the rule reads, and the decoder that turns what arrives in a representation
// into that type or refuses it. The types are @inaccessible: no client can ask for them.

type Scalar = 'String' | 'DateTime';

interface FieldSpec {
  readonly type: Scalar | ObjectSpec;
  readonly list?: true;
  readonly nullable?: true;
  readonly description?: string;
}

interface ObjectSpec {
  readonly name: string;
  readonly description?: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const SharingConsentSpec = {
  name: 'SharingConsent',
  description: 'A consent or override in force for one agency.',
  fields: {
    agency: { type: 'String' },
    basis: { type: 'String', description: 'CONSENT or OVERRIDE' },
    expiresAt: { type: 'DateTime', nullable: true },
    reason: { type: 'String', nullable: true, description: "An override's stated reason." },
  },
} as const satisfies ObjectSpec;

const SharingReferralSpec = {
  name: 'SharingReferral',
  fields: { agency: { type: 'String' } },
} as const satisfies ObjectSpec;

const SharingGrantSpec = {
  name: 'SharingGrant',
  description: 'An emergency (break-glass) grant in force.',
  fields: {
    subject: { type: 'String' },
    agency: { type: 'String', description: 'The agency the grant was opened for (agencyCode): it opens nothing else.' },
    expiresAt: { type: 'DateTime' },
    reason: { type: 'String', nullable: true },
  },
} as const satisfies ObjectSpec;

const CaseSharingSpec = {
  name: 'CaseSharing',
  description: 'What the agencies need to decide who may see a case.',
  fields: {
    centerCode: { type: 'String' },
    district: { type: 'String' },
    consents: { type: SharingConsentSpec, list: true },
    referrals: { type: SharingReferralSpec, list: true },
    breakGlass: { type: SharingGrantSpec, list: true },
  },
} as const satisfies ObjectSpec;

type ScalarOf<S> = S extends 'String' ? string : S extends 'DateTime' ? Date : never;
type ValueOf<F extends FieldSpec> = F['type'] extends ObjectSpec ? WireOf<F['type']> : ScalarOf<F['type']>;
type Listed<F extends FieldSpec> = F extends { list: true } ? ValueOf<F>[] : ValueOf<F>;
type Nullable<F extends FieldSpec> = F extends { nullable: true } ? Listed<F> | null : Listed<F>;
type WireOf<O extends ObjectSpec> = { -readonly [K in keyof O['fields']]: Nullable<O['fields'][K]> };

/** The sharing facts of one case, as the rule reads them. */
export type Sharing = WireOf<typeof CaseSharingSpec>;

// The same facts as JSON in a representation: date-times as ISO strings; a nullable field may be left out.
type JsonScalarOf<S> = S extends 'String' ? string : S extends 'DateTime' ? string : never;
type JsonValueOf<F extends FieldSpec> = F['type'] extends ObjectSpec ? JsonOf<F['type']> : JsonScalarOf<F['type']>;
type JsonListed<F extends FieldSpec> = F extends { list: true } ? JsonValueOf<F>[] : JsonValueOf<F>;
type JsonOf<O extends ObjectSpec> = {
  -readonly [K in keyof O['fields'] as O['fields'][K] extends { nullable: true } ? never : K]: JsonListed<
    O['fields'][K]
  >;
} & {
  -readonly [K in keyof O['fields'] as O['fields'][K] extends { nullable: true } ? K : never]?: JsonListed<
    O['fields'][K]
  > | null;
};

/** The sharing facts as the gateway carries them in a Case representation. */
export type SharingJson = JsonOf<typeof CaseSharingSpec>;
export type SharingConsent = Sharing['consents'][number];
export type SharingGrant = Sharing['breakGlass'][number];

// The GraphQL types, built from the specs with type-graphql's own decorators, applied as functions.
type GraphQLClass = new () => object;
const classes = new Map<string, GraphQLClass>();
function graphqlClass(spec: ObjectSpec): GraphQLClass {
  const known = classes.get(spec.name);
  if (known) return known;
  const Type = { [spec.name]: class {} }[spec.name] ?? class {};
  for (const [name, f] of Object.entries(spec.fields)) {
    const base = typeof f.type === 'string' ? (f.type === 'String' ? String : Date) : graphqlClass(f.type);
    Field(() => (f.list ? [base] : base), {
      ...(f.nullable ? { nullable: true } : {}),
      ...(f.description ? { description: f.description } : {}),
    })(Type.prototype, name);
  }
  Directive('@inaccessible')(Type);
  Directive('@shareable')(Type);
  ObjectType(spec.name, spec.description ? { description: spec.description } : {})(Type);
  classes.set(spec.name, Type);
  return Type;
}

/** The GraphQL type of the sharing facts: the center's `Case.sharing`, and the agencies' @external copy of it. */
export const CaseSharing = graphqlClass(CaseSharingSpec);

function selectionOf(spec: ObjectSpec): string {
  return Object.entries(spec.fields)
    .map(([name, f]) => (typeof f.type === 'string' ? name : `${name} { ${selectionOf(f.type)} }`))
    .join(' ');
}

/** The selection an agency's slice @requires: every field of the facts. */
export const SHARING_SELECTION = `sharing { ${selectionOf(CaseSharingSpec)} }`;

/** The `@requires` directive of an agency's slice, with the whole selection. */
export const REQUIRES_SHARING = `@requires(fields: "${SHARING_SELECTION}")`;

function decodeField(f: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (f.nullable) return null;
    throw new Error('missing');
  }
  if (f.list) {
    if (!Array.isArray(value)) throw new Error('not a list');
    return value.map((v) => decodeOne(f.type, v));
  }
  return decodeOne(f.type, value);
}

function decodeOne(type: FieldSpec['type'], value: unknown): unknown {
  if (type === 'String') {
    if (typeof value !== 'string') throw new Error('not a string');
    return value;
  }
  if (type === 'DateTime') {
    const at = typeof value === 'string' || value instanceof Date ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime())) throw new Error('not a date-time');
    return at;
  }
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(type.fields)) out[name] = decodeField(f, Reflect.get(value, name));
  return out;
}

/**
 * The sharing facts a representation carries, read against the declaration; null when they are missing or do not
 * fit it (the gateway never sends such a thing, so the slice is refused).
 */
export function decodeSharing(value: unknown): Sharing | null {
  try {
    // The decoder has just checked every field against the very spec `Sharing` is derived from.
    return decodeOne(CaseSharingSpec, value) as Sharing;
  } catch {
    return null;
  }
}
