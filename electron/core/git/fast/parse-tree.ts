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
