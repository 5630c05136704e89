// The package's version, read once (the compiled file sits in dist/, beside package.json's folder).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../package.json') as { version: string }).version;
