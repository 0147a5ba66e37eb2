import type { SubgraphFixture } from './subgraph-server.js';

// Two subgraphs that each know only part of a union (the shape of The Guild's federation gateway audit,
// "union-intersection"): for music, `Media = Poem | Song`; for cinema, `Media = Poem | Movie`. The supergraph's
// `Media` has all three members; a subgraph is never asked about a member it does not know. A shelf, a value type
// both resolve, holds the union in a field both know (`pick`) and in one field of each (`tune`, `reel`).

const poem = { __typename: 'Poem', id: 'm1', title: 'Rwanda nziza' };
const song = { __typename: 'Song', id: 'm2', title: 'Urukundo', artist: 'Meddy' };
const movie = { __typename: 'Movie', id: 'm3', title: 'Munyurangabo', year: 2007 };

export const music: SubgraphFixture = {
  name: 'music',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

    union Media = Poem | Song

    type Query {
      featured: Media @shareable
      playlist: [Media]
      shelf: Shelf @shareable
    }

    type Shelf @shareable {
      pick: Media
      tune: Media
    }

    type Poem @key(fields: "id") {
      id: ID!
      title: String! @shareable
      recitedBy: String!
    }

    type Song @key(fields: "id") {
      id: ID!
      title: String! @shareable
      artist: String!
    }
  `,
  resolvers: {
    Query: { featured: () => poem, playlist: () => [song, null, poem], shelf: () => ({ pick: poem, tune: song }) },
    Media: { __resolveType: (m: { __typename: string }) => m.__typename },
    Poem: {
      __resolveReference: (ref: { id: string }) => (ref.id === poem.id ? poem : null),
      recitedBy: () => 'the music subgraph',
    },
    Song: { __resolveReference: (ref: { id: string }) => (ref.id === song.id ? song : null) },
  },
};

export const cinema: SubgraphFixture = {
  name: 'cinema',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

    union Media = Poem | Movie

    type Query {
      featured: Media @shareable
      screenings: [Media]
      shelf: Shelf @shareable
    }

    type Shelf @shareable {
      pick: Media
      reel: Media
    }

    type Poem @key(fields: "id") {
      id: ID!
      title: String! @shareable
      screenedIn: String!
    }

    type Movie @key(fields: "id") {
      id: ID!
      title: String! @shareable
      year: Int!
    }
  `,
  resolvers: {
    Query: { featured: () => poem, screenings: () => [movie, poem], shelf: () => ({ pick: poem, reel: movie }) },
    Media: { __resolveType: (m: { __typename: string }) => m.__typename },
    Poem: {
      __resolveReference: (ref: { id: string }) => (ref.id === poem.id ? poem : null),
      screenedIn: () => 'the cinema subgraph',
    },
    Movie: { __resolveReference: (ref: { id: string }) => (ref.id === movie.id ? movie : null) },
  },
};
