/** A byte-bounded LRU cache of encoded (gzipped) tiles. Keys carry the layer's data version. */
export class TileCache {
  private entries = new Map<string, { body: Uint8Array; etag: string }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes = 128 * 1024 * 1024) {}

  get(key: string) {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, body: Uint8Array, etag: string): void {
    const old = this.entries.get(key);
    if (old) this.bytes -= old.body.byteLength;
    this.entries.set(key, { body, etag });
    this.bytes += body.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.body.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Bytes of the tile bodies held (the bound is on these). */
  get byteSize(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}
