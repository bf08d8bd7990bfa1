/**
 * Real boundary files kept beside the project in ../shared/geo-real, for trying the importer and
 * measuring tiles at real density. Their licence forbids redistribution: they are read from there,
 * never copied into the project, and whoever reads them skips with a message when they are absent.
 */
import path from 'node:path';
import { ROOT } from '../../server/config.ts';

/** The folder of real files: `../shared/geo-real` beside the project's folder. */
export const GEO_REAL_DIR = path.join(ROOT, '..', 'shared', 'geo-real');

/** GADM 4.1 commune polygons of Kon Tum with the statistics office's codes in `gso_ma_xa`. */
export const REAL_COMMUNES_GEOJSON = path.join(GEO_REAL_DIR, 'kontum-communes-gadm41.geojson');
