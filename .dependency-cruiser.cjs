/**
 * `npm run lint:deps` (part of `npm run lint`): the dependency rules of docs/architecture.md. Type-only
 * imports count: a type is as much a dependency of the reader as a value.
 */
module.exports = {
  forbidden: [
    {
      name: 'layers-point-down',
      severity: 'error',
      comment:
        'common, config, database and migrations sit below the modules: they declare ports (common/auth/ports.ts) and the modules bind them, never the other way.',
      from: { path: '^src/(common|config|database|migrations)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Dependencies between folders of src/ point one way.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'modules-meet-at-their-surface',
      severity: 'error',
      comment:
        'A module reaches another only through its *.module.ts (to import it) and *.service.ts (to call it); shared DTOs and helpers live in common.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '[.](module|service)[.]ts$'],
      },
    },
    {
      name: 'cli-stands-alone',
      severity: 'error',
      comment:
        'The CLI is its own package (cli/): it reaches the server over HTTP only, and needs nothing but commander and Node.',
      from: { path: '^cli/' },
      to: { dependencyTypesNot: ['core'], pathNot: ['^cli/', '^node_modules/commander/'] },
    },
    {
      name: 'no-barrels',
      severity: 'error',
      comment: 'Import the file that defines a thing, not an index that re-exports it.',
      from: { path: '^src/' },
      to: { path: '/index[.]ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
