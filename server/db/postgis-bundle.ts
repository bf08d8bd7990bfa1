/**
 * PostGIS for PGlite without the parts the atlas never loads.
 *
 * PGlite unpacks an extension's bundle into its in-memory file system and compiles and
 * instantiates every `.so` in it when the database opens, whether or not any SQL asks for it.
 * `@electric-sql/pglite-postgis` ships postgis, postgis_raster (with GDAL) and postgis_topology:
 * 48 MB of WebAssembly, 91 MB unpacked. Opening an existing database with it took the process to
 * 952 MB RSS; with postgis-3.so alone, 713 MB (measured 2026-11-28, PGlite 0.5.8 / pglite-postgis
 * 0.2.8, docs/performance.md). The atlas uses only `CREATE EXTENSION postgis`.
 *
 * The trimmed bundle is derived from the installed package's own tarball (never downloaded),
 * once per package version, into node_modules/.cache, and PGlite is given it in place of the
 * original through the extension's `bundlePath`.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import tar from 'tar-stream';
import { ROOT } from '../config.ts';

/**
 * What `CREATE EXTENSION postgis` (and `ALTER EXTENSION postgis UPDATE` after an upgrade of the
 * package) reads: the library, its control file and scripts, and PROJ's database for ST_Transform.
 * Directories are kept so PGlite creates the same tree.
 */
export function keepInCoreBundle(name: string, type: string): boolean {
  const entry = name.replace(/^\.\//, '');
  if (type === 'directory') return true;
  return (
    entry === 'lib/postgresql/postgis-3.so' ||
    entry.startsWith('share/proj/') ||
    entry === 'share/postgresql/extension/postgis.control' ||
    /^share\/postgresql\/extension\/postgis--(?!unpackaged)[^/]+\.sql$/.test(entry)
  );
}

/** The package's version, from the package.json above its bundle (the package exports no ./package.json). */
function packageVersion(bundle: string): string {
  const manifest = path.join(path.dirname(bundle), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Streams the package's tarball through a filter into `target` (written under a temporary name, then renamed). */
async function writeCoreBundle(source: string, target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}-${randomUUID()}.partial`;
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    if (!keepInCoreBundle(header.name, header.type ?? 'file')) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    stream.pipe(pack.entry(header, next));
  });
  extract.on('finish', () => pack.finalize());
  try {
    await Promise.all([
      pipeline(createReadStream(source), createGunzip(), extract),
      pipeline(pack, createGzip({ level: 6 }), createWriteStream(partial)),
    ]);
    renameSync(partial, target); // atomic: a server starting beside this one reads the whole file or none
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

const CACHE_DIRS = [path.join(ROOT, 'node_modules', '.cache', 'kontum-atlas'), path.join(tmpdir(), 'kontum-atlas')];

/**
 * The trimmed bundle's path for the package bundle `source`, made on first use for its version:
 * in node_modules/.cache, or in the system's temporary folder where node_modules is read-only
 * (an install owned by another user).
 */
export async function corePostgisBundle(source: string, cacheDirs: readonly string[] = CACHE_DIRS): Promise<string> {
  const name = `pglite-postgis-${packageVersion(source)}-core.tar.gz`;
  let lastError: unknown;
  for (const dir of cacheDirs) {
    const target = path.join(dir, name);
    if (existsSync(target)) return target;
    try {
      await writeCoreBundle(source, target);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!['EACCES', 'EPERM', 'EROFS', 'ENOTDIR'].includes(code ?? '')) throw err; // not a folder it may write: try the next
      lastError = err;
    }
  }
  throw lastError;
}

/** The PostGIS extension for `PGlite.create`, loading only postgis-3.so. */
export const postgisCore: Extension = {
  name: 'postgis',
  async setup(pg, emscriptenOpts) {
    const original = await postgis.setup(pg, emscriptenOpts);
    if (!original.bundlePath) return original;
    const bundle = await corePostgisBundle(fileURLToPath(original.bundlePath));
    return { ...original, bundlePath: pathToFileURL(bundle) };
  },
};
