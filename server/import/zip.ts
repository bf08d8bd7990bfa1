/**
 * Unpacks an uploaded .zip / .kmz into a private temporary folder, streaming (fflate's Unzip: the
 * archive is read in chunks and each entry written as it inflates, never the whole archive in
 * memory), refusing what would hurt the server: a truncated archive, an entry path leaving the
 * folder, more than MAX_ENTRIES entries, more than MAX_UNPACKED bytes in all, or a compression
 * ratio only a zip bomb has.
 */
import { createReadStream, mkdirSync, openSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';
import { ImportError } from './errors.ts';

export const MAX_UNPACKED = 2 * 1024 ** 3; // 2 GB unpacked in all
export const MAX_ENTRIES = 1000;
/** Unpacked/packed above this (with more than 100 MB unpacked) is a zip bomb, not GIS data. */
export const MAX_RATIO = 200;

const bomb = () =>
  new ImportError('zip_bomb', 'Tệp nén bung ra quá lớn (nghi là "bom nén"): không nhập', 'The archive unpacks to far too much data (a zip bomb?): not imported', {}, 413);
const truncated = () =>
  new ImportError('zip_truncated', 'Tệp nén bị hỏng hoặc thiếu phần cuối (tải lên chưa hết?)', 'The archive is damaged or truncated (incomplete upload?)');

/** Unzips `file` into `dir`; returns the relative paths of the files written. */
export async function unzipTo(file: string, dir: string, packedBytes: number): Promise<string[]> {
  const written: string[] = [];
  const open = new Set<string>();
  let total = 0;
  let failure: Error | null = null;
  let entries = 0;
  const uz = new Unzip((entry) => {
    if (failure) return;
    if (++entries > MAX_ENTRIES) {
      failure = new ImportError('zip_entries', `Tệp nén có quá nhiều tệp (tối đa ${MAX_ENTRIES})`, `Too many files in the archive (${MAX_ENTRIES} at most)`);
      return;
    }
    if (entry.name.endsWith('/')) return;
    const rel = path.normalize(entry.name).replace(/^(\.\.[/\\])+/, '');
    const target = path.join(dir, rel);
    if (!target.startsWith(dir + path.sep) || path.isAbsolute(entry.name) || entry.name.includes('..')) {
      failure = new ImportError('zip_path', `Tệp nén chứa đường dẫn không hợp lệ: ${entry.name.slice(0, 80)}`, `The archive holds an invalid path: ${entry.name.slice(0, 80)}`);
      return;
    }
    if (entry.originalSize !== undefined && entry.originalSize > MAX_UNPACKED) {
      failure = bomb();
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const fd = openSync(target, 'w');
    open.add(rel);
    entry.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = truncated();
        closeSync(fd);
        return;
      }
      total += chunk.length;
      if (total > MAX_UNPACKED || (total > 100 * 1024 ** 2 && total > packedBytes * MAX_RATIO)) {
        failure = bomb();
        entry.terminate();
        closeSync(fd);
        return;
      }
      writeSync(fd, chunk);
      if (final) {
        closeSync(fd);
        open.delete(rel);
        written.push(rel);
      }
    };
    entry.start();
  });
  uz.register(UnzipInflate);
  let first = true;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (first && !(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
        throw new ImportError('zip_invalid', 'Tệp không phải tệp nén .zip', 'The file is not a .zip archive');
      }
      first = false;
      uz.push(bytes);
      if (failure) throw failure;
    }
    uz.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw truncated();
  }
  if (failure) throw failure;
  if (open.size > 0 || written.length === 0) throw truncated();
  return written;
}
