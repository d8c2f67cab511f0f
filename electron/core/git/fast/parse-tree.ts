import { corrupt } from './types';

export interface TreeEntry {
  /** Octal mode as written ("100644", "100755", "120000", "40000", "160000"). */
  mode: string;
  /** The entry name: raw bytes decoded as UTF-8. */
  name: string;
  oid: string;
}

/** Calls `visit(modeStart, nameStart, nameEnd, oidStart)` for each entry without allocating strings. */
export function scanTree(data: Buffer, visit: (modeAt: number, nameAt: number, nameEnd: number, oidAt: number) => void): void {
  let pos = 0;
  const end = data.length;
  while (pos < end) {
    // Plain loops: Buffer#indexOf costs more in call overhead than these few bytes of scanning.
    let space = pos;
    while (space < end && data[space] !== 0x20) space++;
    let nul = space + 1;
    while (nul < end && data[nul] !== 0) nul++;
    if (space >= end || nul + 21 > end || space === pos) throw corrupt('tree entry is truncated');
    visit(pos, space + 1, nul, nul + 1);
    pos = nul + 21;
  }
}

/** Where an entry starts and where its name does (its id follows the name's NUL). */
export interface EntryAt {
  modeAt: number;
  nameAt: number;
}

/**
 * The entry named `name` (raw bytes) in a tree's bytes, or null. Entries are sorted (git's
 * base_name_compare, a subtree comparing as its name + "/"), so the scan compares the name as it
 * goes and stops at the first entry that sorts after both places `name` could be: a lookup reads
 * the entries up to its own, not the whole tree (a file history looks one name up per commit).
 */
export function findTreeEntry(data: Buffer, name: Uint8Array): EntryAt | null {
  const end = data.length;
  const len = name.length;
  let pos = 0;
  while (pos < end) {
    let space = pos;
    while (space < end && data[space] !== 0x20) space++;
    const nameAt = space + 1;
    let i = 0;
    let p = nameAt;
    while (i < len && p < end && data[p] === name[i]) {
      i++;
      p++;
    }
    let nul = p;
    while (nul < end && data[nul] !== 0) nul++;
    if (space >= end || nul + 21 > end || space === pos) throw corrupt('tree entry is truncated');
    if (p === nul) {
      if (i === len) return { modeAt: pos, nameAt };
      // This name is a prefix of the one sought, which sorts after it either way: go on.
    } else if (data[p]! > (i < len ? name[i]! : 0x2f)) {
      // Past "name/" (the later of the two places): a folder's name sorts as if "/" followed it.
      return null;
    }
    pos = nul + 21;
  }
  return null;
}

export function parseTree(data: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  scanTree(data, (modeAt, nameAt, nameEnd, oidAt) => {
    out.push({
      mode: data.toString('latin1', modeAt, nameAt - 1),
      name: data.toString('utf8', nameAt, nameEnd),
      oid: data.toString('hex', oidAt, oidAt + 20),
    });
  });
  return out;
}

/** A tree entry's mode says it is a subtree (git writes "40000"; some old tools "040000"). */
export function isTreeMode(data: Buffer, modeAt: number): boolean {
  return data[modeAt] === 0x34 || (data[modeAt] === 0x30 && data[modeAt + 1] === 0x34);
}
