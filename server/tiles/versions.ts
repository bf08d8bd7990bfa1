import type { Sql } from 'postgres';
import { LAYER_REGISTRY, TILE_LAYERS, type LayerDescription, type TileLayer } from '../domain/layers.ts';

/**
 * Data version per tile layer, part of every tile cache key and ETag. Loaded at start-up and
 * bumped by writes (in the write's transaction, see bump()), so a change is visible on the map at once.
 * One API process holds the authoritative in-memory copy; replicas would re-read data_version.
 */
export class DataVersions {
  private versions = new Map<string, number>();

  /** Registers the registry's layers (idempotently) and reads every layer's version. */
  static async load(sql: Sql): Promise<DataVersions> {
    await DataVersions.register(sql);
    const v = new DataVersions();
    await v.refresh(sql);
    return v;
  }

  /**
   * A data_version row for every layer of the registry (domain/layers.ts), so that adding a layer
   * needs no migration; existing rows and their versions are left as they are.
   */
  static async register(sql: Sql): Promise<void> {
    await sql`INSERT INTO data_version (layer) SELECT unnest(${sql.array([...TILE_LAYERS])}::text[]) ON CONFLICT (layer) DO NOTHING`;
  }

  async refresh(sql: Sql): Promise<void> {
    const rows = await sql<{ layer: string; version: string }[]>`SELECT layer, version FROM data_version`;
    // never backwards: a refresh read before a local bump was applied must not undo it (ops: replicas refresh every 250 ms)
    for (const r of rows) this.versions.set(r.layer, Math.max(this.get(r.layer), Number(r.version)));
  }

  get(layer: string): number {
    return this.versions.get(layer) ?? 0;
  }

  /** Every registered layer's version (GET /api/tiles/versions, the web app's tile URLs). */
  all(): Record<TileLayer, number> {
    return Object.fromEntries(TILE_LAYERS.map((l) => [l, this.get(l)])) as Record<TileLayer, number>;
  }

  /**
   * Increments the layers' versions — and those of the layers derived from them (the registry's
   * `derivedFrom`) — inside the caller's transaction; call commit() after it commits.
   */
  async bump(tx: Sql, layers: string[]): Promise<() => void> {
    layers = withDerivedLayers(layers);
    const rows = await tx<{ layer: string; version: string }[]>`
      UPDATE data_version SET version = version + 1 WHERE layer IN ${tx(layers)} RETURNING layer, version`;
    return () => {
      // Two writes may commit in one order and apply here in the other: keep the higher number.
      for (const r of rows) this.versions.set(r.layer, Math.max(this.get(r.layer), Number(r.version)));
    };
  }
}

/**
 * The layers plus every registry layer computed from one of them (units2025 from communes).
 * @example withDerivedLayers(['communes']) // ['communes', 'units2025']
 */
export function withDerivedLayers(layers: readonly string[]): string[] {
  const out = new Set(layers);
  for (const d of Object.values(LAYER_REGISTRY) as LayerDescription[]) {
    if (d.derivedFrom?.some((l) => out.has(l))) out.add(d.id);
  }
  return [...out];
}
