/**
 * The one way the project starts Debian's Chromium (playwright-core, never a downloaded browser):
 * the print command (scripts/print-pdf.ts), the benchmark and the browser tests share it.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launch flags (../shared/DESIGN.md): quiet and offline-friendly — without the background-
 * networking flags Chromium's own connections are refused by a closed network — and WebGL
 * through ANGLE / SwiftShader in the new headless mode with --disable-gpu.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--headless=new',
  '--enable-unsafe-swiftshader',
];
