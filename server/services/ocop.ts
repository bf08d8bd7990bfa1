import type { Sql } from 'postgres';
import type { CapitalRow, OcopCountRow, OcopCounts, OcopCountUnit, ProgrammeCapital } from '../domain/ocop.ts';
import { sqlFile } from '../sql/load.ts';

/**
 * OCOP products counted by unit and star (server/sql/ocop/counts.sql), and the programmes' capital
 * by district (server/sql/capital/districts.sql): the API's own aggregation of migration 045/046's rows.
 */
export async function ocopCounts(sql: Sql, by: OcopCountUnit, year: number | null): Promise<OcopCounts> {
  const rows = await sql.unsafe<{
    code: string; name: string; rated: number; star5: number; star5_potential: number; star4: number; star3: number;
    registered: number; registered_producers: number;
  }[]>(sqlFile('ocop/counts'), [by, year]);
  return {
    by,
    year,
    rows: rows.map((r): OcopCountRow => ({
      code: r.code, name: r.name, rated: r.rated, star5: r.star5, star5Potential: r.star5_potential, star4: r.star4,
      star3: r.star3, registered: r.registered, registeredProducers: r.registered_producers,
    })),
  };
}

export async function programmeCapital(sql: Sql, year: number | null): Promise<ProgrammeCapital> {
  const rows = await sql.unsafe<{
    district_code: string; district_name: string; year: number; allocated_pct: number; disbursed_pct: number;
    as_of: string; source: CapitalRow['source'];
  }[]>(sqlFile('capital/districts'), [year]);
  return {
    years: [...new Set(rows.map((r) => r.year))],
    rows: rows.map((r) => ({
      districtCode: r.district_code, districtName: r.district_name, year: r.year, allocatedPct: r.allocated_pct,
      disbursedPct: r.disbursed_pct, asOf: r.as_of, source: r.source,
    })),
  };
}
