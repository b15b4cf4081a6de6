// restify's spdy dependency reads process.binding('http_parser'), which Node flags as deprecated (DEP0111) in
// every worker; silence that one warning for the test workers and the processes they spawn.
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--disable-warning=DEP0111'].filter(Boolean).join(' ');

/** Jest: TypeScript through ts-jest (transpile only; `npm run check` type-checks). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  // Builds dist/ once per run: tests that start a real process run it as `npm start` does.
  globalSetup: '<rootDir>/tests/helpers/build-app.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
