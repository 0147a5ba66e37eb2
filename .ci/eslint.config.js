// ESLint for the hub: `npm run lint` (which CI runs). Besides the usual checks, it keeps imports pointing one way,
// so that a rule has one home and cannot grow a second copy in the wrong place:
//   gateway            -> services/shared (the contract: caller, signing, scopes, settings, logging)
//   services/hub       -> anything (it starts and wires everything)
//   each agency        -> services/shared only
//   services/shared    -> no agency, not the hub, not the gateway
// and no module imports itself back through others (import-x/no-cycle): center policies and resolvers, or the
// context and the access log, cannot lean on each other.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const AGENCIES = ['center', 'health', 'police', 'gender-ministry'];

/** One zone of import-x/no-restricted-paths: files in `target` may not import from `from`. */
const zone = (target, from, message) => ({ target, from, message: `imports point one way: ${message}` });

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'schema/**', '**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The analysts' dashboard's own script: plain JavaScript run by the browser as it is (no build step), so that an
    // analyst can copy it. It may use what a browser page has, and Chart.js's global.
    files: ['gateway/dashboard/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        [
          'Blob',
          'Chart',
          'TextDecoder',
          'URL',
          'atob',
          'clearTimeout',
          'document',
          'fetch',
          'location',
          'setTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads each imported module to follow cycles: with TypeScript's parser, and TypeScript's resolution.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // Unused code is the compiler's to report (noUnusedLocals, noUnusedParameters); `_` marks a deliberate gap.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Decorated classes (type-graphql, MikroORM) declare what the frameworks fill in.
      '@typescript-eslint/no-extraneous-class': 'off',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./gateway', './services/hub', 'the gateway does not import the hub'),
            zone('./gateway', './services/registry.ts', 'the gateway does not import the list of subgraphs'),
            ...AGENCIES.map((a) => zone('./gateway', `./services/${a}`, `the gateway does not import ${a}`)),
            zone('./services/shared', './services/hub', 'the kernel does not import the hub'),
            zone('./services/shared', './gateway', 'the kernel does not import the gateway'),
            zone('./services/shared', './services/registry.ts', 'the kernel does not import the list of subgraphs'),
            ...AGENCIES.map((a) => zone('./services/shared', `./services/${a}`, `the kernel does not import ${a}`)),
            ...AGENCIES.flatMap((a) => [
              zone(`./services/${a}`, './services/hub', `${a} does not import the hub`),
              zone(`./services/${a}`, './gateway', `${a} does not import the gateway`),
              zone(`./services/${a}`, './services/registry.ts', `${a} does not import the list of subgraphs`),
              ...AGENCIES.filter((b) => b !== a).map((b) =>
                zone(`./services/${a}`, `./services/${b}`, `${a} does not import ${b}`),
              ),
            ]),
          ],
        },
      ],
    },
  },
);
