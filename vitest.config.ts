import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - unit: pure logic (server/domain, web/src/lib, data generator) — no database.
 * - api-embedded: the HTTP API in-process against the embedded PGlite+PostGIS (always).
 * - api-postgres: the same API tests against a real PostgreSQL/PostGIS (when TEST_DATABASE_URL is set).
 * - e2e: the built app in headless Chromium (playwright-core + /usr/bin/chromium).
 * The global setup prepares one seeded embedded database template (cached by content hash) and,
 * with TEST_DATABASE_URL, resets and seeds the real server's test database.
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  test: {
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'web/**/*.test.ts', 'server/**/*.test.ts'],
          environment: 'node',
          // a few unit files open a fresh database for one check (VN-2000 SRID): migrations take ~10 s on a busy machine;
          // scrypt hashing and the demo generator take seconds of CPU. Projects do not inherit the root's timeouts,
          // so without this a loaded machine failed them at vitest's 5 s default (the generator's nesting check took
          // 70 s with the load average at 21 on 2 cores).
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api-embedded',
          include: ['test/api/**/*.test.ts'],
          env: { ATLAS_TEST_DB: 'embedded' },
          // one database for all API test files: files share the module (and connection) in one worker
          isolate: false,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'api-postgres',
                include: ['test/api/**/*.test.ts'],
                env: { ATLAS_TEST_DB: 'postgres' },
                isolate: false,
                fileParallelism: false,
                testTimeout: 60_000,
                hookTimeout: 240_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          isolate: false,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
