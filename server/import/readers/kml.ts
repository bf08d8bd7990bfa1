/**
 * KML / KMZ from Google Earth and phone map apps (always WGS 84), converted with @tmcw/togeojson
 * over @xmldom/xmldom. Placemark name and description and the ExtendedData fields become attributes.
 */
import { readFileSync, statSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { ImportError } from '../errors.ts';
import { WGS84_CRS } from '../crs.ts';
import type { OpenedFile, RawFeature } from '../types.ts';
import { openGeoJsonText } from './geojson.ts';

export const MAX_KML_BYTES = 100 * 1024 ** 2;

export function openKml(file: string, format: 'kml' | 'kmz' = 'kml'): Omit<OpenedFile, 'close'> {
  if (statSync(file).size > MAX_KML_BYTES) {
    throw new ImportError('file_too_large', 'Tệp KML quá lớn (tối đa 100 MB)', 'KML file too large (100 MB at most)', {}, 413);
  }
  let errors = 0;
  const doc = new DOMParser({ onError: (level) => { if (level !== 'warning') errors++; } }).parseFromString(readFileSync(file, 'utf8'), 'text/xml');
  if (errors > 0 || !doc.documentElement || !/kml/i.test(doc.documentElement.nodeName)) {
    throw new ImportError('kml_invalid', 'Tệp KML không đúng cấu trúc XML/KML', 'The KML file is not valid XML/KML');
  }
  const fc = kml(doc as unknown as Document);
  const features = fc.features.filter((f) => f.geometry);
  if (features.length === 0) throw new ImportError('kml_empty', 'Tệp KML không có điểm hay vùng nào (Placemark)', 'The KML file holds no placemarks');
  const opened = openGeoJsonText(JSON.stringify({ type: 'FeatureCollection', features }));
  return {
    ...opened,
    format,
    crs: WGS84_CRS,
    async *features(): AsyncIterable<RawFeature> {
      for await (const f of opened.features()) {
        const { styleUrl: _s, styleHash: _h, styleMapHash: _m, stroke: _st, fill: _f, ...props } = f.props as Record<string, unknown>;
        yield { props, geometry: f.geometry };
      }
    },
  };
}
