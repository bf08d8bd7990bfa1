import type { Camera } from '../lib/camera.ts';

/**
 * On a phone the details sheet covers the lower part of the map: centre the place in the part
 * left visible, by moving the map's centre south of it by `shiftPx` screen pixels at `zoom`
 * (Web Mercator: 512 px tiles, a degree of latitude shrinks with cos(lat)).
 * @example cameraAboveSheet([108, 14.3], 15.5, 230) // centre a little south of 14.3
 */
export function cameraAboveSheet(center: [number, number], zoom: number, shiftPx: number): Camera {
  const degPerPx = 360 / (512 * 2 ** zoom);
  const dLat = shiftPx * degPerPx * Math.cos((center[1] * Math.PI) / 180);
  return { kind: 'center', center: [center[0], center[1] - dLat], zoom };
}
