/**
 * Draws the app's home-screen icons (web/public/icons/*.png) from web/public/favicon.svg with the
 * installed Chromium, once, when the logo changes: `npx tsx scripts/make-icons.ts`. The PNGs are
 * committed; the build does not run this. Android wants 192 and 512 px, and a "maskable" icon
 * whose logo keeps to the middle 80 % (the launcher cuts it to a circle or a squircle).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const svg = readFileSync(path.join(ROOT, 'web/public/favicon.svg'), 'utf8');
const ICONS = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'maskable-512.png', size: 512, inset: 0.12 },
  { file: 'apple-touch-icon.png', size: 180, inset: 0 },
];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const icon of ICONS) {
    const pad = Math.round(icon.size * icon.inset);
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(
      `<html><body style="margin:0;background:#14532d"><div style="padding:${pad}px;width:${icon.size - 2 * pad}px;height:${icon.size - 2 * pad}px">` +
        svg.replace('<svg ', `<svg width="${icon.size - 2 * pad}" height="${icon.size - 2 * pad}" `) +
        '</div></body></html>',
    );
    writeFileSync(path.join(ROOT, 'web/public/icons', icon.file), await page.screenshot({ type: 'png', omitBackground: icon.inset === 0 }));
  }
} finally {
  await browser.close();
}
