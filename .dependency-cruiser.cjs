/**
 * Import rules, checked by `npm run check:imports` (dependency-cruiser) in .ci/run.
 * Known violations waiting for their move are listed in .dependency-cruiser-known-violations.json:
 * they are reported as warnings; any new violation fails. Remove an entry when its move lands
 * (`npm run check:imports:baseline` rewrites the file).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make load order matter and hide which module owns a concept: move the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-imports-only-domain',
      severity: 'error',
      comment:
        'The browser bundle may run only server/domain (pure, shared rules and contracts); other server code is imported for types only.',
      from: { path: '^web/src' },
      to: { path: '^server/(?!domain/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-no-proj4',
      severity: 'error',
      comment:
        'proj4 (~130 kB) stays out of the browser: a range check is in server/domain/vn2000-zone.ts. A screen that needs conversions loads it lazily and changes this rule.',
      from: { path: '^web/src' },
      to: { path: 'node_modules/proj4', reachable: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'server/domain is shared with the browser: it imports only other domain modules, zod and types — no database, no files, no heavy library.',
      from: { path: '^server/domain' },
      to: {
        pathNot: ['^server/domain/', 'node_modules/zod/', '^geojson$', '(^|/)@types/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'routes-no-sql',
      severity: 'error',
      comment: 'Routes parse, authorise and answer; SQL files are run by services (server/services, server/tiles).',
      from: { path: '^server/routes' },
      to: { path: ['^server/sql/', '\\.sql$'] },
    },
    {
      name: 'no-test-code-in-app',
      severity: 'error',
      comment: 'The app does not import tests or their helpers.',
      from: { path: '^(server|web/src)', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
