/**
 * The root of the index's cache-tree extension ("TREE", git's Documentation/gitformat-index.txt):
 * the tree id the whole index would be written as, and how many entries it covers (-1 when git
 * invalidated it). When it equals HEAD's tree, the index is HEAD and status need not read HEAD's
 * trees at all, as git itself does. Null when the index has no valid cache-tree.
 */
export function cacheTreeRoot(buf: Buffer | null): { entries: number; oid: string } | null {
  if (!buf || buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  const count = buf.readUInt32BE(8);
  let pos = 12;
  for (let i = 0; i < count; i++) {
    const flags = buf.readUInt16BE(pos + 60);
    let name = pos + 62 + (version >= 3 && flags & 0x4000 ? 2 : 0);
    if (version === 4) {
      while (buf[name]! & 0x80) name++; // the prefix-strip varint
      pos = buf.indexOf(0, name + 1) + 1;
    } else {
      const len = flags & 0xfff;
      const end = len < 0xfff ? name + len : buf.indexOf(0, name + 0xfff);
      pos += Math.ceil((end - pos + 1) / 8) * 8;
    }
    if (pos <= 0 || pos > buf.length) return null;
  }
  while (pos + 8 <= buf.length - 20) {
    const sig = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32BE(pos + 4);
    if (sig === 'TREE') return cacheTreeAt(buf, pos + 8);
    pos += 8 + size;
  }
  return null;
}

/** The root entry of a TREE extension whose data starts at `start`, or null when git invalidated it. */
export function cacheTreeAt(buf: Buffer, start: number): { entries: number; oid: string } | null {
  // Root entry: an empty path, NUL, "<entries> <subtrees>\n", then the tree id when valid.
  if (buf[start] !== 0) return null;
  const nl = buf.indexOf(0x0a, start + 1);
  if (nl < 0 || nl - start > 32) return null;
  const m = /^(-?\d+) (\d+)$/.exec(buf.toString('latin1', start + 1, nl));
  if (!m || Number(m[1]) < 0) return null;
  return { entries: Number(m[1]), oid: buf.toString('hex', nl + 1, nl + 21) };
}
