/**
 * GeoJSON (RFC 7946: WGS 84), and older files that name their CRS in a `crs` member
 * (urn:ogc:def:crs:EPSG::9216, EPSG:3405 …). A file without `crs` whose coordinates are not
 * degrees gets no CRS: candidates are proposed. A FeatureCollection is streamed (stream-json):
 * the fields and the CRS come from a first look at the `crs` member and the first hundred
 * features, the features are then parsed one at a time, so a large file is never held whole.
 * A `crs` member written after the features is not seen (the coordinates decide, or the user).
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import chain from 'stream-chain';
import parser from 'stream-json/parser.js';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import streamValues from 'stream-json/streamers/stream-values.js';
import { crsFromOption, WGS84_CRS, type SourceCrs } from '../crs.ts';
import { ImportError } from '../errors.ts';
import type { OpenedFile, RawFeature } from '../types.ts';

/** The upload's own cap: streamed, a GeoJSON may be as large as any upload. */
export const MAX_GEOJSON_BYTES = 1024 ** 3;
/** A file that is one Feature (not a collection) is read whole up to this size. */
const MAX_WHOLE_BYTES = 50 * 1024 ** 2;
const HEAD_FEATURES = 100;

function firstPosition(g: Geometry | null): number[] | null {
  if (!g) return null;
  if (g.type === 'GeometryCollection') return firstPosition(g.geometries[0] ?? null);
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) ? (c as number[]) : null;
}

export function crsOfGeoJson(fc: { crs?: { properties?: { name?: string } } }, first: number[] | null): SourceCrs | null {
  const name = fc.crs?.properties?.name;
  if (name) {
    if (/CRS84$/i.test(name)) return WGS84_CRS;
    const code = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name)?.[1];
    if (code) return { ...crsFromOption(`EPSG:${code}`), source: 'format' };
  }
  if (first && Math.abs(first[0]!) <= 180 && Math.abs(first[1]!) <= 90) return WGS84_CRS;
  return null;
}

const invalid = () => new ImportError('geojson_invalid', 'Tệp GeoJSON không đúng cú pháp JSON', 'The GeoJSON file is not valid JSON');

/** The `crs` member (when it comes before the features) and the first features, streamed. */
async function head(file: string): Promise<{ crs: unknown; features: Feature[] }> {
  const features: Feature[] = [];
  let crs: unknown;
  const pipeline = chain([
    createReadStream(file),
    parser(),
    pick({ filter: (stack) => (stack.length === 1 && stack[0] === 'crs') || (stack.length === 2 && stack[0] === 'features') }),
    streamValues(),
  ]);
  try {
    for await (const { value } of pipeline as AsyncIterable<{ value: Record<string, unknown> }>) {
      if (value?.type === 'Feature') features.push(value as unknown as Feature);
      else if (features.length === 0 && crs === undefined) crs = value;
      if (features.length >= HEAD_FEATURES) break;
    }
  } catch {
    throw invalid();
  } finally {
    pipeline.destroy();
  }
  return { crs, features };
}

/** Every feature of a FeatureCollection, parsed one at a time. */
async function* streamFeatures(file: string): AsyncIterable<RawFeature> {
  const pipeline = chain([createReadStream(file), parser(), pick({ filter: 'features' }), streamArray()]);
  try {
    for await (const { value } of pipeline as AsyncIterable<{ value: Feature }>) {
      yield { props: (value?.properties ?? {}) as Record<string, unknown>, geometry: value?.geometry ?? null };
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('geojson_invalid', 'Tệp GeoJSON bị cắt cụt hoặc sai cú pháp JSON giữa chừng', 'The GeoJSON file is truncated or not valid JSON part-way');
  } finally {
    pipeline.destroy();
  }
}

function describe(fc: { crs?: unknown }, features: Feature[]) {
  return {
    format: 'geojson' as const,
    fields: [...new Set(features.slice(0, HEAD_FEATURES).flatMap((f) => Object.keys(f.properties ?? {})))],
    crs: crsOfGeoJson(fc as never, firstPosition(features[0]?.geometry ?? null)),
    encoding: null,
  };
}

const empty = () => new ImportError('geojson_empty', 'Tệp GeoJSON không có đối tượng nào (FeatureCollection)', 'The GeoJSON file holds no features (FeatureCollection)');

/** Opens a GeoJSON file: a FeatureCollection streamed, a lone Feature read whole. */
export async function openGeoJson(file: string): Promise<Omit<OpenedFile, 'close'>> {
  const size = statSync(file).size;
  if (size > MAX_GEOJSON_BYTES) {
    throw new ImportError('file_too_large', `Tệp GeoJSON quá lớn (tối đa ${MAX_GEOJSON_BYTES / 1024 ** 2} MB)`, `GeoJSON file too large (${MAX_GEOJSON_BYTES / 1024 ** 2} MB at most)`, {}, 413);
  }
  const h = await head(file);
  if (h.features.length > 0) return { ...describe({ crs: h.crs }, h.features), features: () => streamFeatures(file) };
  if (size > MAX_WHOLE_BYTES) throw empty();
  return openGeoJsonText(readFileSync(file, 'utf8'));
}

/** GeoJSON text already in memory (a KML converted by togeojson). */
export function openGeoJsonText(text: string): Omit<OpenedFile, 'close'> {
  let fc: FeatureCollection | Feature;
  try {
    fc = JSON.parse(text) as FeatureCollection | Feature;
  } catch {
    throw invalid();
  }
  const features: Feature[] = fc?.type === 'FeatureCollection' && Array.isArray(fc.features) ? fc.features : fc?.type === 'Feature' ? [fc] : [];
  if (features.length === 0) throw empty();
  return {
    ...describe(fc as never, features),
    async *features(): AsyncIterable<RawFeature> {
      for (const f of features) yield { props: (f.properties ?? {}) as Record<string, unknown>, geometry: f.geometry ?? null };
    },
  };
}
