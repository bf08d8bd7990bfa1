/** Geographic constants of the province (demo outline, facts/kontum-outline-coarse.geojson). */
export const PROVINCE_BOUNDS: [number, number, number, number] = [107.33, 13.92, 108.55, 15.42];
export const PROVINCE_CENTER: [number, number] = [107.95, 14.65];
export const PROVINCE_CODE = '62';
export const KON_TUM_CITY_CODE = '608';
