import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { parseSignature } from '../../git/fast';
import type { BlockWriter } from './format';

/**
 * A commit's record written from its object's bytes: what `parseCommit` would give, without
 * decoding names and the message into strings only to encode them back. Valid UTF-8 decodes and
 * re-encodes to the same bytes, so those bytes go in as they are; wherever decoding could change
 * them (invalid UTF-8, a leading BOM, which TextDecoder drops) or the string rules could (trimming
 * a name at a non-ASCII character), that part goes through parseCommit's own functions instead.
 * An `encoding` header, or a tree or parent line parseCommit would reject, leaves the whole commit
 * to parseCommit (false). Decoding and encoding were a tenth of an index build.
 */
export function addCommitBytes(
  block: BlockWriter,
  commit: { oid: string; tree: string; parents: readonly string[]; raw: Buffer },
  paths: readonly number[],
): boolean {
  const data = commit.raw;
  let end = data.indexOf(BLANK_LINE);
  if (end < 0) end = data.length;
  let author: Line | null = null;
  let committer: Line | null = null;
  // The header lines as parseCommit reads them: the key runs to the first space, the value after it.
  for (let pos = 0; pos < end; ) {
    let eol = data.indexOf(NL, pos);
    if (eol < 0 || eol > end) eol = end;
    let sp = data.indexOf(SPACE, pos);
    if (sp < 0 || sp > eol) sp = eol;
    const at = Math.min(sp + 1, eol);
    if (is(data, pos, sp, AUTHOR)) author ??= { at, end: eol };
    else if (is(data, pos, sp, COMMITTER)) committer ??= { at, end: eol };
    else if (is(data, pos, sp, ENCODING)) return false;
    else if ((is(data, pos, sp, TREE) || is(data, pos, sp, PARENT)) && !isOid(data, at, eol)) return false;
    pos = eol + 1;
  }
  const a = signature(data, author);
  const c = signature(data, committer);
  block.begin(commit.oid, commit.tree, commit.parents, c.timestamp, a.timestamp, a.tzOffset, c.tzOffset);
  put(block, data, a.name, a.nameAt, a.nameEnd);
  put(block, data, a.email, a.emailAt, a.emailEnd);
  put(block, data, c.name, c.nameAt, c.nameEnd);
  put(block, data, c.email, c.emailAt, c.emailEnd);
  const msgAt = end + 2;
  if (end >= data.length || msgAt >= data.length) block.text('');
  else if (!hasBom(data, msgAt) && isUtf8(data.subarray(msgAt))) block.utf8(data, msgAt, data.length);
  else block.text(UTF8.decode(data.subarray(msgAt)));
  block.end(paths);
  return true;
}

interface Line {
  at: number;
  end: number;
}

/** A signature: name and email as byte ranges of the object, or as strings where the bytes could not be kept. */
interface Sig {
  name: string | null;
  nameAt: number;
  nameEnd: number;
  email: string | null;
  emailAt: number;
  emailEnd: number;
  timestamp: number;
  tzOffset: number;
}

const UTF8 = new TextDecoder('utf-8');
const NL = 0x0a;
const SPACE = 0x20;
const BLANK_LINE = Buffer.from('\n\n');
const AUTHOR = Buffer.from('author');
const COMMITTER = Buffer.from('committer');
const ENCODING = Buffer.from('encoding');
const TREE = Buffer.from('tree');
const PARENT = Buffer.from('parent');

function put(block: BlockWriter, data: Buffer, s: string | null, from: number, to: number): void {
  if (s === null) block.utf8(data, from, to);
  else block.text(s);
}

function is(data: Buffer, from: number, to: number, word: Buffer): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (data[from + i] !== word[i]) return false;
  return true;
}

function isOid(data: Buffer, from: number, to: number): boolean {
  if (to - from !== 40) return false;
  for (let i = from; i < to; i++) {
    const b = data[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

const hasBom = (data: Buffer, at: number): boolean => data[at] === 0xef && data[at + 1] === 0xbb && data[at + 2] === 0xbf;
/** What JS's trim() and \s remove among ASCII bytes. */
const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/** parseSignature of the line's decoded text, from its bytes where that gives the same (see addCommitBytes). */
function signature(data: Buffer, line: Line | null): Sig {
  if (line === null) return { name: '', nameAt: 0, nameEnd: 0, email: '', emailAt: 0, emailEnd: 0, timestamp: 0, tzOffset: 0 };
  const { at, end } = line;
  const lt = data.indexOf(0x3c, at);
  const gt = lt < 0 || lt >= end ? -1 : data.indexOf(0x3e, lt + 1);
  let nameAt = at;
  let nameEnd = lt;
  while (nameAt < nameEnd && isSpace(data[nameAt]!)) nameAt++;
  while (nameEnd > nameAt && isSpace(data[nameEnd - 1]!)) nameEnd--;
  const plain =
    gt >= 0 &&
    gt < end &&
    !hasBom(data, at) &&
    // Trimming stops at the same places when the name's ends are ASCII.
    (nameAt === nameEnd || (data[nameAt]! < 0x80 && data[nameEnd - 1]! < 0x80)) &&
    isUtf8(data.subarray(at, gt));
  const stamp = plain ? stampAndZone(data, gt + 1, end) : null;
  if (stamp === null) {
    const s = parseSignature(UTF8.decode(data.subarray(at, end)));
    return { name: s.name, nameAt: 0, nameEnd: 0, email: s.email, emailAt: 0, emailEnd: 0, timestamp: s.timestamp, tzOffset: s.tzOffset };
  }
  return { name: null, nameAt, nameEnd, email: null, emailAt: lt + 1, emailEnd: gt, timestamp: stamp.timestamp, tzOffset: stamp.tzOffset };
}

/** parseSignature's time and zone from the bytes after ">" (its trim, split on whitespace, number rules); null if not ASCII. */
function stampAndZone(data: Buffer, from: number, to: number): { timestamp: number; tzOffset: number } | null {
  for (let i = from; i < to; i++) if (data[i]! >= 0x80) return null;
  let p = from;
  while (p < to && isSpace(data[p]!)) p++;
  const stampAt = p;
  while (p < to && !isSpace(data[p]!)) p++;
  const stampEnd = p;
  while (p < to && isSpace(data[p]!)) p++;
  const zoneAt = p;
  while (p < to && !isSpace(data[p]!)) p++;
  const zoneEnd = p;
  let timestamp = 0;
  let digits = stampEnd > stampAt;
  for (let i = stampAt; i < stampEnd && digits; i++) digits = data[i]! >= 0x30 && data[i]! <= 0x39;
  // Number() of the digits: summed while exact, else parsed as the string.
  if (digits) timestamp = stampEnd - stampAt <= 15 ? sumDigits(data, stampAt, stampEnd) : Number(data.toString('latin1', stampAt, stampEnd));
  let tzOffset = 0;
  const z = zoneAt;
  if (zoneEnd - z === 5 && (data[z] === 0x2b || data[z] === 0x2d) && [1, 2, 3, 4].every((k) => data[z + k]! >= 0x30 && data[z + k]! <= 0x39)) {
    const minutes = ((data[z + 1]! - 0x30) * 10 + (data[z + 2]! - 0x30)) * 60 + (data[z + 3]! - 0x30) * 10 + (data[z + 4]! - 0x30);
    tzOffset = data[z] === 0x2d ? -minutes : minutes;
  }
  return { timestamp, tzOffset };
}

function sumDigits(data: Buffer, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (data[i]! - 0x30);
  return v;
}
