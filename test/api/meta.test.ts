/**
 * GET /api/meta tells the web app which years have data, so that a style mode without data for the
 * year can say so (the commune targets: the reports set them for 2023 and 2025, none for 2020).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetaResponse } from '../../server/domain/api.ts';
import { TARGET, testApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});

describe(`meta (${TARGET})`, () => {
  it('lists the years that have commune targets, as the target table holds them', async () => {
    const meta = await api.get<MetaResponse>('/api/meta');
    const rows = await api.db.sql<{ year: number }[]>`SELECT DISTINCT year FROM ntm_commune_target ORDER BY year`;
    expect(meta.commune.targetYears).toEqual(rows.map((r) => r.year));
    expect(meta.commune.targetYears).toContain(2023);
    expect(meta.commune.targetYears).not.toContain(2020);
  });
});
