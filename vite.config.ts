import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, at the highest
 * levels (once, at build time), so the server sends them as they are (server/http/static.ts) and
 * a slow rural connection downloads about a quarter of the bytes. Copies that would not be smaller
 * are not written.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'atlas-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const p = path.join(dir, name);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|txt|wasm)$/.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 512) continue;
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/**
 * Starts what the first map needs from the HTML itself, instead of after index.js has downloaded
 * and run (one round trip of 300 ms and more on a rural mobile link, index.js's whole download
 * time in series): the map chunk (maplibre-gl, imported at once by App.tsx) and its stylesheet,
 * and /api/meta (the province's bounds and years; the fetch in web/src/api reuses the preload:
 * same URL, same-origin credentials). The map chunk is found by its entry module (and its static
 * imports followed), so a renamed hash or a split chunk never breaks it.
 */
function preloadFirstMap(): Plugin {
  return {
    name: 'atlas-preload-first-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const map = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/map/MapView.tsx'));
        const tags: string[] = ['<link rel="preload" href="/api/meta" as="fetch" crossorigin>'];
        // the map chunk and what it imports statically (maplibre-gl is a chunk of its own when another
        // lazy screen shares it), except what the HTML loads already
        const seen = new Set<string>();
        const visit = (file: string) => {
          const c = bundle[file];
          if (seen.has(file) || c?.type !== 'chunk' || c.isEntry || html.includes(`/${file}"`)) return;
          seen.add(file);
          tags.push(`<link rel="modulepreload" crossorigin href="/${file}">`);
          for (const css of c.viteMetadata?.importedCss ?? []) tags.push(`<link rel="preload" as="style" crossorigin href="/${css}">`);
          for (const dep of c.imports) visit(dep);
        };
        if (map?.type === 'chunk') visit(map.fileName);
        return html.replace('  </head>', `    ${tags.join('\n    ')}\n  </head>`);
      },
    },
  };
}

/**
 * The web app lives in web/ (index.html there); the build goes to dist/, which the Hono server
 * serves (server/http/static.ts). No source maps by default: they published the whole source
 * (5.2 MB) to anyone; `ATLAS_SOURCEMAP=hidden npm run build` writes them without a reference in the
 * bundles (for error tracking tools), and the server never serves a .map file.
 * In development `npm run dev:web` proxies /api to the API on port 8080.
 */
/**
 * The installable app (issue 16): the web app manifest (Vietnamese name, home-screen icons drawn by
 * scripts/make-icons.ts) and the service worker web/src/sw.ts, bundled by vite-plugin-pwa with the
 * list of the build's files to precache injected (Workbox's injectManifest), so the app opens with
 * no network. The page registers it itself (web/src/offline/register.ts), after the first map.
 */
function installableApp(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    injectRegister: false,
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      id: '/',
      name: 'Kon Tum Atlas – Nông thôn mới, rừng trồng, thôn làng',
      short_name: 'Kon Tum Atlas',
      description: 'Bản đồ nông thôn mới, rừng trồng và thôn đồng bào dân tộc thiểu số tỉnh Kon Tum; dùng được khi không có sóng',
      lang: 'vi',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      background_color: '#f2f1ec',
      theme_color: '#14532d',
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      // the whole app, lazy screens included (an inspector may open the worklist or a form offline);
      // not the precompressed copies, which the server picks itself
      globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
      globIgnores: ['**/*.br', '**/*.gz', '**/*.map', '**/noto-sans-{greek,greek-ext,cyrillic,cyrillic-ext,devanagari}-*'],
      maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
    },
  });
}

export default defineConfig({
  root: 'web',
  plugins: [react(), preloadFirstMap(), installableApp(), precompress()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: process.env.ATLAS_SOURCEMAP === 'hidden' ? 'hidden' : false,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080' },
  },
  preview: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
