/**
 * Administrative units: 102 communes as a Voronoi tessellation of the facts' interior points
 * clipped to the coarse province outline, districts as unions of their communes, the province
 * as the union of the districts. Plain (unweighted) Voronoi already lands most communes within
 * a factor of two of their real area; wards and townships come out somewhat larger.
 */
import polygonClipping from 'polygon-clipping';
import { type DistrictFact, PROVINCE, loadCommuneFacts, loadDistrictFacts, loadOutline } from './facts.ts';
import { type MultiPolygon, ccw, roundMulti } from './planar.ts';
import { tessellateSites } from './tessellate.ts';

export type UnitLevel = 'province' | 'district' | 'commune';
export type UnitKind = 'tinh' | 'thanh_pho' | 'huyen' | 'xa' | 'phuong' | 'thi_tran';

export interface AdminUnit {
  code: string;
  name: string;
  fullName: string;
  level: UnitLevel;
  kind: UnitKind;
  parentCode: string | null;
  inNtmProgramme: boolean;
  geom: MultiPolygon;
}

export function buildUnits(): AdminUnit[] {
  const communes = loadCommuneFacts();
  const districts: DistrictFact[] = loadDistrictFacts();
  const outline: MultiPolygon = [[ccw(loadOutline())]];
  const cells = tessellateSites(outline, communes.map((c) => c.site)).map((c) => roundMulti(c));

  const units: AdminUnit[] = communes.map((c, i) => ({
    code: c.code,
    name: c.name,
    fullName: c.fullName,
    level: 'commune',
    kind: c.kind,
    parentCode: c.districtCode,
    inNtmProgramme: c.kind === 'xa',
    geom: cells[i],
  }));
  const districtUnits: AdminUnit[] = districts.map((d) => {
    const parts = units.filter((u) => u.parentCode === d.code).map((u) => u.geom);
    const union = polygonClipping.union(...(parts as [never, ...never[]])) as unknown as MultiPolygon;
    return {
      code: d.code,
      name: d.name,
      fullName: d.fullName,
      level: 'district',
      kind: d.kind,
      parentCode: PROVINCE.code,
      inNtmProgramme: false,
      geom: roundMulti(union),
    };
  });
  const province = polygonClipping.union(...(districtUnits.map((d) => d.geom) as [never, ...never[]])) as unknown as MultiPolygon;
  return [
    { code: PROVINCE.code, name: PROVINCE.name, fullName: PROVINCE.fullName, level: 'province', kind: 'tinh', parentCode: null, inNtmProgramme: false, geom: roundMulti(province) },
    ...districtUnits,
    ...units,
  ];
}
