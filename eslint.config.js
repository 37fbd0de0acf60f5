// Lint rules, and the layer rule of ARCHITECTURE.md: a layer imports only the layers
// below it (domain ← store ← services ← web, jobs; cli wires them together).
import tseslint from 'typescript-eslint';

const layers = {
  domain: ['store', 'services', 'web', 'jobs', 'cli', 'config', 'demo'],
  store: ['services', 'web', 'jobs', 'cli', 'demo'],
  services: ['web', 'jobs', 'cli', 'demo'],
  // The demo content (src/demo/) is loaded by the command line only, never by the product.
  demo: ['web', 'jobs', 'cli'],
  web: ['jobs', 'cli', 'demo', 'store/migrations', 'store/sections', 'store/articles', 'store/campaigns'],
  jobs: ['web', 'cli', 'demo'],
};

const boundaryRules = Object.entries(layers).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((target) => ({
          group: [`**/${target}/**`, `**/${target}`, `**/${target}.js`],
          message: `src/${layer} must not import from ${target}: imports point downward only (ARCHITECTURE.md).`,
        })),
      },
    ],
  },
}));

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
);
