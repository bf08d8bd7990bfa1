/**
 * The aggregation endpoints, timed over HTTP against the server process. Endpoints that are not
 * built yet (404 from the router) are reported as "not built": adding one is one line here.
 */
import { type Summary, summarise, timed } from './stats.ts';

export interface AggregationCase {
  id: string;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Target p95 in ms (docs/performance.md). */
  targetMs: number;
}

/** A 10 km × 10 km square in the forest of Sa Thầy / Kon Rẫy (drawn area of the planner). */
const AREA_10KM = {
  type: 'Polygon',
  coordinates: [[[107.9, 14.55], [107.9926, 14.55], [107.9926, 14.6404], [107.9, 14.6404], [107.9, 14.55]]],
};

export const AGGREGATIONS: AggregationCase[] = [
  { id: 'ntm-province', label: 'NTM tables, province by district', method: 'GET', path: '/api/ntm/tables?year=2023', targetMs: 50 },
  { id: 'ntm-district', label: 'NTM tables, one district (Sa Thầy)', method: 'GET', path: '/api/ntm/tables?year=2023&district=616', targetMs: 50 },
  { id: 'ntm-stats', label: 'NTM statistics, province', method: 'GET', path: '/api/stats/ntm?year=2023&by=district', targetMs: 50 },
  { id: 'planting-commune', label: 'Planting by commune (2022)', method: 'GET', path: '/api/stats/planting?plantingYear=2022&by=commune', targetMs: 200 },
  { id: 'planting-district', label: 'Planting by district (2021)', method: 'GET', path: '/api/stats/planting?plantingYear=2021&by=district', targetMs: 200 },
  { id: 'area', label: 'Drawn area 10 km × 10 km', method: 'POST', path: '/api/stats/area', body: AREA_10KM, targetMs: 300 },
  { id: 'sites', label: 'Site finder', method: 'POST', path: '/api/sites/search', body: { year: 2023, district: '616', functions: ['production'], ldlr: ['DT1', 'DT2'], areaMin: 1, notPlantedYears: 5 }, targetMs: 500 },
];

export type AggregationResult = AggregationCase & ({ status: 'ok'; summary: Summary } | { status: 'not built' } | { status: 'error'; message: string });

/** Times each endpoint `runs` times after two warm-ups; 404 → not built. */
export async function benchAggregations(baseUrl: string, runs = 20): Promise<AggregationResult[]> {
  const out: AggregationResult[] = [];
  for (const c of AGGREGATIONS) {
    const call = async () => {
      const res = await fetch(baseUrl + c.path, {
        method: c.method,
        headers: c.body ? { 'Content-Type': 'application/json', Origin: baseUrl } : {},
        body: c.body ? JSON.stringify(c.body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, text };
    };
    const first = await call();
    if (first.status === 404) {
      out.push({ ...c, status: 'not built' });
      continue;
    }
    if (first.status !== 200) {
      out.push({ ...c, status: 'error', message: `HTTP ${first.status}: ${first.text.slice(0, 120)}` });
      continue;
    }
    await call();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await timed(call)).ms);
    out.push({ ...c, status: 'ok', summary: summarise(ms) });
  }
  return out;
}
