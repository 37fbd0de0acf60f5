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

/** Forbids the files matching `files` to import from any of `forbidden`, saying why. */
function restrict(files, forbidden, message) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden.map((target) => ({ group: pattern(target), message: message(target) })) }],
    },
  };
}

const boundaryRules = [
  ...Object.entries(layers).map(([layer, forbidden]) =>
    restrict(
      `src/${layer}/**/*.{ts,tsx}`,
      forbidden,
      (target) => `src/${layer} must not import from ${target}: imports point downward only (ARCHITECTURE.md).`,
    ),
  ),
  // Within web, the public site and the admin do not import each other: what both use
  // lives at the top of web/, and app.tsx wires the two together. (These add to web's
  // list, since a later rule for the same files replaces an earlier one.)
  ...[
    ['public', 'admin'],
    ['admin', 'public'],
  ].map(([area, other]) =>
    restrict(`src/web/${area}/**/*.{ts,tsx}`, [...layers.web, other], (target) =>
      target === other
        ? `src/web/${area} must not import from web/${other}: what both use goes at the top of web/ (ARCHITECTURE.md).`
        : `src/web must not import from ${target}: imports point downward only (ARCHITECTURE.md).`,
    ),
  ),
];

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
