/**
 * The report tables of issue 17 as import targets, and the fields of each one's key: a file without a
 * column for one of them is refused outright (server/import/stage.ts), and the import screen asks for
 * them before it sends the file. Pure: shared by server and web.
 */
export const REPORT_TARGETS = ['ocop', 'capital', 'funding', 'village_infrastructure', 'scattered_trees', 'village_plans', 'village_standing', 'commune_culture_houses', 'scattered_tree_inspections'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];

export const REPORT_KEY_FIELDS: Record<ReportTarget, readonly string[]> = {
  ocop: ['commune_code', 'producer', 'product'],
  capital: ['district_code', 'data_year'],
  funding: ['unit_code', 'period', 'source'],
  village_infrastructure: ['village_code', 'as_of'],
  scattered_trees: ['commune_code', 'data_year'],
  village_plans: ['commune_code', 'data_year'],
  village_standing: ['village_code', 'as_of'],
  commune_culture_houses: ['commune_code', 'as_of'],
  scattered_tree_inspections: ['district_code', 'data_year'],
};
