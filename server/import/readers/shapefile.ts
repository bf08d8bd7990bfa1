/**
 * Zipped ESRI Shapefile (.shp + .dbf, with .prj and .cpg when present), read with mbostock's
 * `shapefile` (streams the .shp and .dbf from disk record by record). The .dbf text is recovered
 * as bytes and decoded with the encoding of the .cpg, the user's choice, or the content
 * (Windows-1258, TCVN3 and VNI files carry no .cpg).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as shapefile from 'shapefile';
import type { Geometry } from 'geojson';
import { crsFromWkt } from '../crs.ts';
import { ImportError } from '../errors.ts';
import type { OpenedFile, RawFeature, ReadOptions } from '../types.ts';
import { chooseEncoding, decodeValue, RAW_DBF_ENCODING, rawBytes } from './text.ts';

/** Text values sampled to find the encoding. */
const SAMPLE_ROWS = 5000;

function findSidecar(shp: string, ext: string): string | null {
  const base = shp.slice(0, -4);
  for (const e of [ext, ext.toUpperCase()]) if (existsSync(`${base}.${e}`)) return `${base}.${e}`;
  return null;
}

export async function openShapefile(dir: string, files: string[], opts: ReadOptions): Promise<Omit<OpenedFile, 'close'>> {
  const shps = files.filter((f) => /\.shp$/i.test(f) && !f.startsWith('__MACOSX'));
  if (shps.length === 0) throw new ImportError('shp_missing', 'Tệp nén không có tệp .shp', 'The archive holds no .shp file');
  if (shps.length > 1) {
    throw new ImportError('shp_many', `Tệp nén có ${shps.length} lớp .shp (${shps.slice(0, 5).join(', ')}): mỗi lần nhập một lớp`, `The archive holds ${shps.length} .shp layers (${shps.slice(0, 5).join(', ')}): import one layer at a time`);
  }
  const shp = path.join(dir, shps[0]!);
  const dbf = findSidecar(shp, 'dbf');
  if (!dbf) throw new ImportError('dbf_missing', `Thiếu tệp .dbf (thuộc tính) đi kèm ${shps[0]}`, `The .dbf (attributes) of ${shps[0]} is missing`);
  const prj = findSidecar(shp, 'prj');
  const cpg = findSidecar(shp, 'cpg');
  const crs = prj ? crsFromWkt(readFileSync(prj, 'utf8')) : null;

  const open = async () => {
    try {
      return await shapefile.open(shp, dbf, { encoding: RAW_DBF_ENCODING });
    } catch {
      throw new ImportError('shp_invalid', 'Tệp .shp hoặc .dbf bị hỏng, không đọc được', 'The .shp or .dbf is damaged and cannot be read');
    }
  };
  // first pass over the attributes: field names and a sample of the text for the encoding
  const samples: Uint8Array[] = [];
  let fields: string[] = [];
  {
    const src = await shapefile.openDbf(dbf, { encoding: RAW_DBF_ENCODING });
    for (let i = 0; i < SAMPLE_ROWS; i++) {
      let r: { done: boolean; value: Record<string, unknown> };
      try {
        r = (await src.read()) as typeof r;
      } catch {
        throw new ImportError('dbf_invalid', 'Tệp .dbf bị hỏng, không đọc được', 'The .dbf is damaged and cannot be read');
      }
      if (r.done) break;
      if (i === 0) fields = Object.keys(r.value);
      for (const v of Object.values(r.value)) if (typeof v === 'string' && /[^\x00-\x7f]/.test(v)) samples.push(rawBytes(v));
    }
  }
  const encoding = chooseEncoding(samples, { user: opts.encoding, cpg: cpg ? readFileSync(cpg, 'utf8') : null });

  return {
    format: 'shapefile',
    fields,
    crs,
    encoding,
    async *features(): AsyncIterable<RawFeature> {
      const src = await open();
      for (;;) {
        let r: { done: boolean; value: { properties: Record<string, unknown>; geometry: Geometry | null } };
        try {
          r = (await src.read()) as typeof r;
        } catch {
          throw new ImportError('shp_invalid', 'Tệp .shp bị hỏng giữa chừng, không đọc được', 'The .shp is damaged part-way and cannot be read');
        }
        if (r.done) return;
        const props: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r.value.properties ?? {})) {
          props[k] = typeof v === 'string' && /[^\x00-\x7f]/.test(v) ? decodeValue(rawBytes(v), encoding.encoding) : v;
        }
        yield { props, geometry: r.value.geometry ?? null };
      }
    },
  };
}
