import { byVietnameseName, unitLabels } from './unitNames.ts';

/** What a unit list needs of a unit: districts and the communes under them. */
export interface UnitChoice {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/**
 * The options of a unit <select>: each district as a group, first the whole district, then its
 * communes. Used by the forest filters, the planting plan editor and the admin scope picker.
 */
export function UnitOptions({ units, wholeDistrict }: { units: readonly UnitChoice[]; wholeDistrict: (name: string) => string }) {
  return (
    <>
      {byVietnameseName(units.filter((u) => u.level === 'district')).map((d) => (
        <optgroup key={d.code} label={d.name}>
          <option value={d.code}>{wholeDistrict(d.name)}</option>
          <NamedOptions items={units.filter((c) => c.parentCode === d.code)} />
        </optgroup>
      ))}
    </>
  );
}

/**
 * One <option> per item, valued by its code and labelled by its name, in Vietnamese order; with
 * `units` (to find districts), communes of the same name carry their district.
 */
export function NamedOptions({ items, units }: { items: readonly { code: string; name: string; parentCode?: string | null }[]; units?: readonly { code: string; name: string }[] }) {
  const labels = units ? unitLabels(items, units) : null;
  return (
    <>
      {byVietnameseName(items).map((x) => (
        <option key={x.code} value={x.code}>
          {labels?.get(x.code) ?? x.name}
        </option>
      ))}
    </>
  );
}
