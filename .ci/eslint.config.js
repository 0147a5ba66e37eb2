// ESLint for the hub: `npm run lint` (which CI runs). Besides the usual checks, it keeps imports pointing one way,
// so that a rule has one home and cannot grow a second copy in the wrong place:
//   gateway            -> services/shared (the contract: signing, claims, settings, logging)
//   services/hub       -> anything (it starts and wires everything)
//   each agency        -> services/shared only
//   services/shared    -> no agency, not the hub, not the gateway
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const AGENCIES = ['center', 'health', 'police', 'gender-ministry'];

/** Import patterns that reach into these folders of services/, from anywhere. */
const into = (...folders) => folders.map((f) => ({ group: [`**/services/${f}/**`, `../${f}/**`, `../../${f}/**`, `../../../${f}/**`], message: `imports point one way: not into services/${f}` }));

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'schema/**', '**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused code is the compiler's to report (noUnusedLocals, noUnusedParameters); `_` marks a deliberate gap.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Decorated classes (type-graphql, MikroORM) declare what the frameworks fill in.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['gateway/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: into('hub', ...AGENCIES) }] },
  },
  {
    files: ['services/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...into('hub', ...AGENCIES), { group: ['**/gateway/**'], message: 'imports point one way: the kernel does not import the gateway' }] }] },
  },
  ...AGENCIES.map((agency) => ({
    files: [`services/${agency}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...into('hub', ...AGENCIES.filter((a) => a !== agency)), { group: ['**/gateway/**'], message: 'imports point one way: an agency does not import the gateway' }],
      }],
    },
  })),
);
