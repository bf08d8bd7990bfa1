/**
 * Unit names as lists show them: sorted the Vietnamese way (Đ after D, not after Y; tones after
 * the base letter) and, where two communes share a name, with their district beside it. Pure.
 */
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Sorted copy by name, Vietnamese collation. */
export function byVietnameseName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Labels of units: the name, and " (district)" for a commune whose name another unit of the list
 * also carries ("Đắk Hà (Đắk Hà)" the commune beside "Đắk Hà" the district's town).
 */
export function unitLabels<T extends { code: string; name: string; parentCode?: string | null }>(items: readonly T[], all: readonly { code: string; name: string }[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const u of items) counts.set(u.name, (counts.get(u.name) ?? 0) + 1);
  const parentName = new Map(all.map((u) => [u.code, u.name]));
  const labels = new Map<string, string>();
  for (const u of items) {
    const parent = u.parentCode ? parentName.get(u.parentCode) : undefined;
    labels.set(u.code, (counts.get(u.name) ?? 0) > 1 && parent ? `${u.name} (${parent})` : u.name);
  }
  return labels;
}
