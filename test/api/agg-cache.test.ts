/**
 * Aggregation answers are cached by data version (issue 13, load): the second identical request
 * is served from the cache, and a committed change — through the API or straight in SQL, from
 * this process or another — is in the very next answer.
 */
import { describe, expect, it } from 'vitest';
import type { MetaResponse, NtmStatsResponse } from '../../server/domain/api.ts';
import { aggregationCacheOf } from '../../server/ops/agg-cache.ts';
import { TARGET, testApi } from '../helpers/api.ts';

describe(`aggregation cache (${TARGET})`, () => {
  it('serves the second identical request from the cache and is never stale after a commit', async () => {
    const api = await testApi();
    const sql = api.db.sql;
    const cache = aggregationCacheOf(sql)!;
    expect(cache).toBeDefined();
    const year = (await api.get<MetaResponse>('/api/meta')).commune.latestYear;
    const path = `/api/stats/ntm?year=${year}&by=district`;

    const first = await api.get<NtmStatsResponse>(path);
    const hits = cache.hits;
    const second = await api.get<NtmStatsResponse>(path);
    expect(cache.hits).toBe(hits + 1);
    expect(second).toEqual(first);

    // one commune's status on criterion 1 flips (a committed write), then flips back
    const [row] = await sql<{ commune_code: string; met: boolean }[]>`
      SELECT commune_code, met FROM commune_criterion_status WHERE year = ${year} AND criterion_no = 1 ORDER BY commune_code LIMIT 1`;
    const before = first.province.perCriterion['1']!;
    await sql`UPDATE commune_criterion_status SET met = NOT met WHERE commune_code = ${row!.commune_code} AND year = ${year} AND criterion_no = 1`;
    try {
      const third = await api.get<NtmStatsResponse>(path);
      expect(third.province.perCriterion['1']).toBe(before + (row!.met ? -1 : 1));
    } finally {
      await sql`UPDATE commune_criterion_status SET met = ${row!.met} WHERE commune_code = ${row!.commune_code} AND year = ${year} AND criterion_no = 1`;
    }
    const fourth = await api.get<NtmStatsResponse>(path);
    expect(fourth).toEqual(first);

    // a rolled-back change bumps nothing: the answer is still cached
    await sql.begin(async (tx) => {
      await tx`UPDATE commune_criterion_status SET met = NOT met WHERE commune_code = ${row!.commune_code} AND year = ${year} AND criterion_no = 1`;
      await tx`SELECT 1/0`;
    }).catch(() => {});
    const h2 = cache.hits;
    expect(await api.get<NtmStatsResponse>(path)).toEqual(first);
    expect(cache.hits).toBe(h2 + 1);
  });
});
