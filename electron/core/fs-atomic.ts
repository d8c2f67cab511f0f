import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /**
   * Also fsync the file and its folder, so the new content survives a power loss, not only a
   * killed process. Git flushes only packs by default (core.fsync), not loose objects, refs or the
   * index; those go through `replaceFile`.
   */
  durable?: boolean;
}

/**
 * Write a file so that a crash leaves either the old or the new content, never half of one:
 * write a temp file beside it, (fsync,) rename over, (fsync the folder). The rename alone is what
 * a killed process cannot tear; the fsyncs add power-loss durability at a few ms each.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number, options: AtomicWriteOptions = {}): void {
  const durable = options.durable ?? true;
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode ?? 0o644);
  try {
    try {
      fs.writeFileSync(fd, data);
      if (durable) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    // A full disk fails mid-write: leave no partial temp file behind.
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  if (!durable) return;
  try {
    const dfd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch {
    // Some platforms (Windows) cannot open a directory for fsync; the rename is still atomic there.
  }
}

/**
 * Atomic against a killed process (temp file + rename), without fsync: for what git itself does
 * not flush by default — loose objects, refs, the index — and our own sync journal, which guards
 * against a killed sync, not a power cut. A pull wrote ~10 of these; each fsync blocked the main
 * thread for milliseconds (tens on a busy disk).
 */
export function replaceFile(file: string, data: string | Uint8Array, mode?: number): void {
  writeFileAtomic(file, data, mode, { durable: false });
}
