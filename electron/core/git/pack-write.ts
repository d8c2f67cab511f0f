import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs-atomic';
import { corrupt } from './fast/types';

/**
 * Writing a pack of Reposync's own making (merged packs, packed loose objects): a temp file in
 * the pack folder, hashed and synced, then put in place .pack first and .idx after, as git's
 * index-pack does. Readers only look at a pack through its .idx, so a kill at any point leaves
 * either nothing new or a complete pack.
 */
export const TEMP_PREFIX = 'tmp_pack_reposync_';
const SHA = 20;
const CHUNK = 1 << 20;

/** Temp files of a pack write that was killed: older than an hour, so never one being written now. */
export function removeStaleTemps(packDir: string, names: string[]): void {
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(packDir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** The new pack's bytes, written to a temp file through a 1 MiB buffer. */
export class PackWriter {
  readonly file: string;
  readonly fd: number;
  offset = 0;
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(packDir: string) {
    this.file = path.join(packDir, `${TEMP_PREFIX}${process.pid}_${Date.now()}.pack`);
    this.fd = fs.openSync(this.file, 'wx+', 0o444); // read back once to hash it
    const head = Buffer.alloc(12);
    head.write('PACK', 0, 'latin1');
    head.writeUInt32BE(2, 4);
    this.write(head); // the object count is known at the end: patched in by finish()
  }

  write(bytes: Uint8Array): void {
    this.offset += bytes.length;
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) fs.writeSync(this.fd, bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  /** Writes the object count and the trailer (the SHA-1 of everything before it), syncs and closes. */
  finish(count: number): Buffer {
    this.flush();
    const countBytes = Buffer.alloc(4);
    countBytes.writeUInt32BE(count);
    fs.writeSync(this.fd, countBytes, 0, 4, 8);
    const checksum = hashFile(this.fd, this.offset);
    fs.writeSync(this.fd, checksum, 0, SHA, this.offset);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    return checksum;
  }

  /** Puts the finished pack in place under its checksum's name with its index; returns that name. */
  place(checksum: Buffer, idx: Uint8Array): string {
    const name = `pack-${checksum.toString('hex')}`;
    const packDir = path.dirname(this.file);
    fs.renameSync(this.file, path.join(packDir, `${name}.pack`));
    writeFileAtomic(path.join(packDir, `${name}.idx`), idx, 0o444);
    return name;
  }

  /** After a failure: the temp file goes. */
  discard(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.file, { force: true });
  }

  private flush(): void {
    if (this.used > 0) fs.writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
}

/** A pack entry's header: the type, then the size in 4 + 7-bit groups. */
export function typeAndSize(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

function hashFile(fd: number, length: number): Buffer {
  const hash = createHash('sha1');
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let at = 0; at < length; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, length - at), at);
    if (n === 0) throw corrupt('the new pack ends early while it is being hashed');
    hash.update(buf.subarray(0, n));
    at += n;
  }
  return hash.digest();
}

export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; its renames are durable without it
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder
  } finally {
    fs.closeSync(fd);
  }
}
