/**
 * Opens an uploaded file by its name and first bytes: zipped Shapefile, GeoJSON, KML/KMZ, CSV, XLSX.
 * Archives are unpacked into a private temporary folder that close() removes.
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImportError } from '../errors.ts';
import type { OpenedFile, ReadOptions } from '../types.ts';
import { unzipTo } from '../zip.ts';
import { openGeoJson } from './geojson.ts';
import { openKml } from './kml.ts';
import { openShapefile } from './shapefile.ts';
import { openCsv, openXlsx } from './table.ts';
import { openGpkg } from './gpkg.ts';

function head(file: string, n = 8): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const b = new Uint8Array(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export const SUPPORTED = '.zip (Shapefile), .gpkg, .geojson/.json, .kml, .kmz, .csv, .xlsx';

export async function openImportFile(file: string, name: string, opts: ReadOptions = {}): Promise<OpenedFile> {
  const ext = path.extname(name).toLowerCase();
  const bytes = head(file);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (statSync(file).size === 0) throw new ImportError('file_empty', 'Tệp rỗng', 'The file is empty');
  const noop = async () => {};
  if (ext === '.zip' || ext === '.kmz' || (isZip && ext !== '.xlsx')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-import-'));
    const close = async () => rmSync(dir, { recursive: true, force: true });
    try {
      const files = await unzipTo(file, dir, statSync(file).size);
      if (ext === '.kmz' || (!files.some((f) => /\.shp$/i.test(f)) && files.some((f) => /\.kml$/i.test(f)))) {
        const kml = files.find((f) => /(^|\/)doc\.kml$/i.test(f)) ?? files.find((f) => /\.kml$/i.test(f));
        if (!kml) throw new ImportError('kmz_invalid', 'Tệp KMZ không có tệp .kml bên trong', 'The KMZ holds no .kml');
        return { ...openKml(path.join(dir, kml), 'kmz'), close };
      }
      if (!files.some((f) => /\.shp$/i.test(f)) && files.some((f) => /\.dbf$/i.test(f))) {
        throw new ImportError('shp_missing', 'Tệp nén có .dbf nhưng thiếu tệp hình học .shp', 'The archive has a .dbf but no .shp (geometry)');
      }
      return { ...(await openShapefile(dir, files, opts)), close };
    } catch (e) {
      await close();
      throw e;
    }
  }
  if (ext === '.shp' || ext === '.dbf' || ext === '.shx') {
    throw new ImportError('shp_not_zipped', 'Hãy nén các tệp .shp, .shx, .dbf, .prj, .cpg của lớp vào một tệp .zip rồi gửi lên', 'Zip the layer\'s .shp, .shx, .dbf, .prj and .cpg into one .zip and upload that');
  }
  if (ext === '.geojson' || ext === '.json') return { ...(await openGeoJson(file)), close: noop };
  if (ext === '.kml') return { ...openKml(file), close: noop };
  if (ext === '.csv' || ext === '.txt') return { ...(await openCsv(file, opts)), close: noop };
  if (ext === '.xlsx') return { ...(await openXlsx(file, opts)), close: noop };
  if (ext === '.gpkg') return openGpkg(file);
  throw new ImportError('format_unsupported', `Định dạng tệp không hỗ trợ (${ext || 'không có đuôi'}). Hỗ trợ: ${SUPPORTED}`, `Unsupported file type (${ext || 'no extension'}). Supported: ${SUPPORTED}`);
}
