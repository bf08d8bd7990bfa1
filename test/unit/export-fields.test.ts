/**
 * The attribute tables of the GIS exports (server/export/fields.ts): every name fits a .dbf field
 * (10 ASCII characters, so no writer ever truncates one), names are unique per list, and every
 * field reads a property the OGC collection really has.
 */
import { describe, expect, it } from 'vitest';
import { FILE_FIELDS } from '../../server/export/fields.ts';
import { OGC_COLLECTIONS } from '../../server/ogc/collections.ts';

describe('GIS export field names', () => {
  it('fit a .dbf field: at most 10 ASCII letters, digits or underscores, unique per list', () => {
    for (const [list, fields] of Object.entries(FILE_FIELDS)) {
      for (const f of fields) expect(f.name, `${list}.${f.name}`).toMatch(/^[a-z][a-z0-9_]{0,9}$/);
      expect(new Set(fields.map((f) => f.name)).size, list).toBe(fields.length);
    }
  });

  it('cover every OGC collection and read only properties the collection has', () => {
    for (const col of OGC_COLLECTIONS) {
      const fields = FILE_FIELDS[col.id];
      expect(fields, col.id).toBeDefined();
      for (const f of fields!) expect(Object.keys(col.properties), `${col.id}.${f.name} ← ${f.from}`).toContain(f.from);
    }
  });

  it('use the national forest-inventory names for lô', () => {
    expect(FILE_FIELDS.plots!.map((f) => f.name)).toEqual(expect.arrayContaining(['tk', 'khoanh', 'lo', 'maxa', 'dtich', 'ldlr', 'malr3', 'churung', 'namtr', 'loaicay']));
  });
});
