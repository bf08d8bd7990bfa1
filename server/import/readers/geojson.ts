/**
 * GeoJSON (RFC 7946: WGS 84), and older files that name their CRS in a `crs` member
 * (urn:ogc:def:crs:EPSG::9216, EPSG:3405 …). A file without `crs` whose coordinates are not
 * degrees gets no CRS: candidates are proposed. Read whole (files up to MAX_GEOJSON_BYTES).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { crsFromOption, WGS84_CRS, type SourceCrs } from '../crs.ts';
import { ImportError } from '../errors.ts';
import type { OpenedFile, RawFeature } from '../types.ts';

export const MAX_GEOJSON_BYTES = 300 * 1024 ** 2;

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

export function openGeoJson(file: string, text?: string): Omit<OpenedFile, 'close'> {
  if (!text && statSync(file).size > MAX_GEOJSON_BYTES) {
    throw new ImportError('file_too_large', 'Tệp GeoJSON quá lớn (tối đa 300 MB): hãy dùng GeoPackage hoặc Shapefile', 'GeoJSON file too large (300 MB at most): use a GeoPackage or Shapefile', {}, 413);
  }
  let fc: FeatureCollection | Feature;
  try {
    fc = JSON.parse(text ?? readFileSync(file, 'utf8')) as FeatureCollection | Feature;
  } catch {
    throw new ImportError('geojson_invalid', 'Tệp GeoJSON không đúng cú pháp JSON', 'The GeoJSON file is not valid JSON');
  }
  const features: Feature[] = fc?.type === 'FeatureCollection' && Array.isArray(fc.features) ? fc.features : fc?.type === 'Feature' ? [fc] : [];
  if (features.length === 0) throw new ImportError('geojson_empty', 'Tệp GeoJSON không có đối tượng nào (FeatureCollection)', 'The GeoJSON file holds no features (FeatureCollection)');
  const fields = [...new Set(features.slice(0, 100).flatMap((f) => Object.keys(f.properties ?? {})))];
  const crs = crsOfGeoJson(fc as never, firstPosition(features[0]?.geometry ?? null));
  return {
    format: 'geojson',
    fields,
    crs,
    encoding: null,
    async *features(): AsyncIterable<RawFeature> {
      for (const f of features) yield { props: (f.properties ?? {}) as Record<string, unknown>, geometry: f.geometry ?? null };
    },
  };
}
