// Lint rules, and the layer rule of ARCHITECTURE.md: a layer imports only the layers
// below it (domain ← store ← services ← web, jobs; cli wires them together), and web and
// jobs take only types from store.
import tseslint from 'typescript-eslint';

const layers = {
  domain: ['store', 'services', 'web', 'jobs', 'cli', 'config', 'demo'],
  store: ['services', 'web', 'jobs', 'cli', 'demo'],
  services: ['web', 'jobs', 'cli', 'demo'],
  // The demo content (src/demo/) is loaded by the command line only, never by the product.
  demo: ['web', 'jobs', 'cli'],
  web: ['jobs', 'cli', 'demo'],
  jobs: ['web', 'cli', 'demo'],
};

// Web and jobs reach the database through services only: from store/ they may name types
// (the DB schema, a row a service hands them) but import no value, so no query can be
// written or called above the services.
const typesOnly = {
  store: ['web', 'jobs'],
};

const pattern = (target) => [`**/${target}/**`, `**/${target}`, `**/${target}.js`];

const boundaryRules = Object.entries(layers).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((target) => ({
          group: pattern(target),
          message: `src/${layer} must not import from ${target}: imports point downward only (ARCHITECTURE.md).`,
        })),
      },
    ],
  },
}));

const typeOnlyRules = Object.entries(typesOnly).flatMap(([target, layers]) =>
  layers.map((layer) => ({
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: pattern(target),
              allowTypeImports: true,
              message: `src/${layer} may import only types from ${target}: it reaches the database through a service (ARCHITECTURE.md).`,
            },
          ],
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  ...boundaryRules,
  ...typeOnlyRules,
);
