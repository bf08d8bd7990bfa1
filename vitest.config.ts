import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - unit: pure logic (server/domain, web/src/lib, data generator) — no database.
 * - api-embedded: the HTTP API in-process against the embedded PGlite+PostGIS (always).
 * - api-postgres: the same API tests against a real PostgreSQL/PostGIS (when TEST_DATABASE_URL is set).
 * - reliability-embedded / reliability-postgres: hostile input over every route, access rules,
 *   concurrency and the HTTP layer (test/reliability, issue 13), on both databases; they run after
 *   the API projects (groupOrder) because they assert that nothing in the database changed.
 * - e2e: the built app in headless Chromium (playwright-core + /usr/bin/chromium), two files at a time.
 * The global setup prepares one seeded embedded database template (cached by content hash) and,
 * with TEST_DATABASE_URL, resets and seeds the real server's test database.
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
/** Reliability files that start servers or database clusters of their own: run once, not per engine. */
const SERVER_RELIABILITY = ['test/reliability/{outage,kill,lifecycle,multiprocess,backup}*.test.ts'];

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
          name: 'reliability-embedded',
          include: ['test/reliability/**/*.test.ts'],
          exclude: SERVER_RELIABILITY,
          env: { ATLAS_TEST_DB: 'embedded' },
          isolate: false,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'reliability-postgres',
                include: ['test/reliability/**/*.test.ts'],
                exclude: SERVER_RELIABILITY,
                env: { ATLAS_TEST_DB: 'postgres' },
                isolate: false,
                fileParallelism: false,
                sequence: { groupOrder: 1 },
                testTimeout: 120_000,
                hookTimeout: 240_000,
              },
            },
          ]
        : []),
      {
        test: {
          // ops: outage, kill -9, two processes, backups — real servers and clusters of their own, one file at a time
          name: 'reliability',
          include: SERVER_RELIABILITY,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          // Each file has its own server, database copy and Chromium, so two files run at once: much of a browser
          // test is waiting (tiles, idle, timers), and one at a time made CI 35 min on 2 cores. Its own group
          // (a group's projects share one worker count), after the database projects.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 3 },
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
