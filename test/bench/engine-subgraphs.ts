import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, type GraphQLSchema, parse, validate } from 'graphql';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoCenters } from '../../services/shared/demo-plan.js';

// The in-memory subgraphs of the bench's engine row (engines.ts), in a child process of their own so that their CPU
// is not counted in the gateway's: the hub's four committed subgraph SDLs (schema/<name>.graphql) built with
// @apollo/subgraph, over canned data shaped like the case-file page: 20 cases, each with its center, survivor, sharing
// facts, two treatments, an investigation and a follow-up plan. Each distinct request body is executed once and its
// JSON answer kept, so that every later request is a lookup: the subgraphs cost both gateways the same, and little.
// Signature headers are ignored. `node --import tsx test/bench/engine-subgraphs.ts`, forked by engines.ts: it sends
// `{ urls }` once listening and `{ hits, misses }` when sent 'stats'.

const NAMES = ['center', 'health', 'police', 'gender-ministry'] as const;
const CASES = 20;

const centers = demoCenters();
const at = (i: number, hours = 0) => new Date(Date.UTC(2026, 0, 1 + i, 8 + hours)).toISOString();
const agencyCodes = ['HEALTH', 'POLICE', 'GENDER_MINISTRY'];

interface CannedCase {
  id: string;
  caseNumber: string;
  openedAt: string;
  incidentAt: string;
  incidentType: string;
  needs: string[];
  status: string;
  caseManager: string;
  center: { id: string; code: string; name: string; district: string; province: string; hospital: string };
  survivor: { id: string; code: string; sex: string; child: boolean; age: number };
  sharing: {
    centerCode: string;
    district: string;
    consents: { agency: string; basis: string; expiresAt: string | null; reason: string | null }[];
    referrals: { agency: string }[];
    breakGlass: never[];
  };
}

const cases: CannedCase[] = Array.from({ length: CASES }, (_, i) => {
  const c = centers[i % centers.length]!;
  const n = String(i + 1).padStart(6, '0');
  return {
    id: `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
    caseNumber: `${c.code}/2026/${n}`,
    openedAt: at(i),
    incidentAt: at(i, -10),
    incidentType: 'SEXUAL_VIOLENCE',
    needs: ['MEDICAL', 'PSYCHOSOCIAL'],
    status: 'OPEN',
    caseManager: 'demo:case-manager',
    center: {
      id: c.id,
      code: c.code,
      name: c.name,
      district: c.district,
      province: c.province,
      hospital: c.hospital,
    },
    survivor: {
      id: `survivor-${n}`,
      code: `S-${n}`,
      sex: i % 5 === 0 ? 'MALE' : 'FEMALE',
      child: i % 3 === 0,
      age: 12 + i,
    },
    sharing: {
      centerCode: c.code,
      district: c.district,
      consents: agencyCodes.map((agency) => ({ agency, basis: 'CONSENT', expiresAt: null, reason: null })),
      referrals: agencyCodes.map((agency) => ({ agency })),
      breakGlass: [],
    },
  };
});
const byId = new Map(cases.map((c) => [c.id, c]));

/** An entity reference from the planner: the key, and the sharing facts an agency's slice @requires. */
interface CaseReference {
  id: string;
  sharing?: CannedCase['sharing'];
}

const medical = (i: number) => ({
  encounters: [
    {
      id: `enc-${i}`,
      centerCode: cases[i]!.center.code,
      seenAt: at(i, 1),
      findings: 'examined',
      injuriesObserved: true,
    },
  ],
  treatments: ['HIV_PEP', 'EMERGENCY_CONTRACEPTION'].map((kind, k) => ({
    id: `tr-${i}-${k}`,
    centerCode: cases[i]!.center.code,
    kind,
    givenAt: at(i, 2 + k),
    notes: null,
    recordedBy: 'demo:clinician',
  })),
});
const investigation = (i: number) => ({
  id: `inv-${i}`,
  centerCode: cases[i]!.center.code,
  complaintNumber: `RIB-2026-${i}`,
  status: i % 2 ? 'UNDER_INVESTIGATION' : 'COMPLAINT_RECEIVED',
  receivedAt: at(i, 3),
  recordedBy: 'demo:investigator',
});
const followUp = (i: number) => ({
  id: `fu-${i}`,
  district: cases[i]!.center.district,
  riskLevel: ['LOW', 'MEDIUM', 'HIGH'][i % 3],
  plan: 'weekly visits',
  recordedBy: 'demo:social-worker',
  visits: [],
});

/** An agency's slice of a referenced case, found by the case's place in the page. */
const slice =
  (field: string, of: (i: number) => unknown) =>
  (ref: CaseReference): Record<string, unknown> => {
    const i = cases.findIndex((c) => c.id === ref.id);
    return { ...ref, [field]: i < 0 ? null : of(i) };
  };

/** @apollo/subgraph's resolver map, as its module form takes it. */
type Resolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers']>;

const resolvers: Record<(typeof NAMES)[number], Resolvers> = {
  center: {
    Query: {
      cases: (_: unknown, args: { first?: number }) => ({
        nodes: cases.slice(0, args.first ?? 20),
        totalCount: cases.length,
        pageInfo: { endCursor: null, hasNextPage: false },
      }),
      case: (_: unknown, args: { id: string }) => byId.get(args.id) ?? null,
    },
    Case: { __resolveReference: (ref: CaseReference) => byId.get(ref.id) ?? null },
  },
  health: { Case: { __resolveReference: slice('medical', medical) } },
  police: { Case: { __resolveReference: slice('investigation', investigation) } },
  'gender-ministry': { Case: { __resolveReference: slice('followUp', followUp) } },
};

let hits = 0;
let misses = 0;

function serve(schema: GraphQLSchema): Server {
  const answers = new Map<string, Buffer>();
  const answer = async (body: string): Promise<Buffer> => {
    const known = answers.get(body);
    if (known) {
      hits += 1;
      return known;
    }
    misses += 1;
    const { query, variables, operationName } = JSON.parse(body) as {
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    };
    const document = parse(query);
    const errors = validate(schema, document);
    const result =
      errors.length > 0
        ? { errors }
        : await execute({ schema, document, variableValues: variables, operationName, contextValue: {} });
    const out = Buffer.from(JSON.stringify(result));
    // Bounded: the gateways send a handful of distinct bodies; a runaway would show as misses in the stats.
    if (answers.size < 1000) answers.set(body, out);
    return out;
  };
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer(Buffer.concat(chunks).toString('utf8')).then(
        (out) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': out.length });
          res.end(out);
        },
        (err: unknown) => {
          res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ errors: [{ message: String(err) }] }));
        },
      );
    });
  });
}

const urls: Record<string, string> = {};
for (const name of NAMES) {
  const sdl = await readFile(new URL(`../../schema/${name}.graphql`, import.meta.url), 'utf8');
  const server = serve(buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers[name] }]));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}
process.on('message', (m) => {
  if (m === 'stats') process.send?.({ hits, misses });
});
// The parent's end is this process's end: no orphan keeps the ports.
process.on('disconnect', () => process.exit(0));
process.send?.({ urls });
