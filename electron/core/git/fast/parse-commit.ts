import { TextDecoder } from 'node:util';
import { corrupt } from './types';

export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch, as written in the object. */
  timestamp: number;
  /** The zone as written, e.g. "+0200". */
  tz: string;
  /** The zone in minutes east of UTC. */
  tzOffset: number;
}

export interface ParsedCommit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** Everything after the header block, decoded with the commit's `encoding` (UTF-8 by default). */
  message: string;
  encoding?: string;
  gpgsig?: string;
}

const EMPTY: Signature = { name: '', email: '', timestamp: 0, tz: '+0000', tzOffset: 0 };

/** Parses a signature line the lenient way git's split_ident_line does. */
export function parseSignature(line: string): Signature {
  const lt = line.indexOf('<');
  const gt = line.indexOf('>', lt + 1);
  if (lt < 0 || gt < 0) return { ...EMPTY, name: line.trim() };
  const [stamp = '', tz = '+0000'] = line.slice(gt + 1).trim().split(/\s+/);
  const timestamp = /^\d+$/.test(stamp) ? Number(stamp) : 0;
  const m = /^([+-])(\d\d)(\d\d)$/.exec(tz);
  const tzOffset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { name: line.slice(0, lt).trim(), email: line.slice(lt + 1, gt), timestamp, tz, tzOffset };
}

function decoder(encoding: string | undefined): TextDecoder {
  if (!encoding) return UTF8;
  try {
    return new TextDecoder(encoding);
  } catch {
    return UTF8; // git too prints the raw bytes when it cannot convert
  }
}
const UTF8 = new TextDecoder('utf-8');

const NL = 0x0a;
const SPACE = 0x20;

/**
 * Parses a commit object. Unknown headers (mergetag, gpgsig-sha256, …) and their continuation
 * lines (starting with a space) are skipped; a missing committer reads as timestamp 0, as in git.
 * Header lines are found with native byte searches and their values decoded straight from the
 * object's bytes (a history page parses 100 of these in a process whose code is not warm yet).
 */
export function parseCommit(data: Buffer): ParsedCommit {
  let end = data.indexOf('\n\n');
  if (end < 0) end = data.length;
  let tree = '';
  const parents: string[] = [];
  let authorAt = -1;
  let authorEnd = -1;
  let committerAt = -1;
  let committerEnd = -1;
  let encoding: string | undefined;
  let gpgsig: string | undefined;
  // Lines of data[0, end); the value of "key value" starts after the first space (none: empty).
  const lineEnd = (from: number): number => {
    const eol = data.indexOf(NL, from);
    return eol < 0 || eol > end ? end : eol;
  };
  for (let pos = 0; pos < end; ) {
    const eol = lineEnd(pos);
    let sp = data.indexOf(SPACE, pos);
    if (sp < 0 || sp > eol) sp = eol;
    const at = Math.min(sp + 1, eol);
    const key = data.toString('latin1', pos, sp);
    pos = eol + 1;
    if (key === 'tree') {
      if (!tree) tree = data.toString('latin1', at, eol);
    } else if (key === 'parent') parents.push(data.toString('latin1', at, eol));
    else if (key === 'author') {
      if (authorAt < 0) [authorAt, authorEnd] = [at, eol];
    } else if (key === 'committer') {
      if (committerAt < 0) [committerAt, committerEnd] = [at, eol];
    } else if (key === 'encoding') encoding = data.toString('latin1', at, eol);
    else if (key === 'gpgsig') {
      const sig = [data.toString('latin1', at, eol)];
      while (pos < end && data[pos] === SPACE) {
        const next = lineEnd(pos);
        sig.push(data.toString('latin1', pos + 1, next));
        pos = next + 1;
      }
      gpgsig = sig.join('\n');
    }
  }
  if (!OID_HEX.test(tree) || parents.some((p) => !OID_HEX.test(p))) {
    throw corrupt('commit has a bad tree or parent line');
  }
  const dec = decoder(encoding && !/^utf-?8$/i.test(encoding) ? encoding : undefined);
  const commit: ParsedCommit = {
    tree,
    parents,
    author: authorAt < 0 ? { ...EMPTY } : parseSignature(dec.decode(data.subarray(authorAt, authorEnd))),
    committer: committerAt < 0 ? { ...EMPTY } : parseSignature(dec.decode(data.subarray(committerAt, committerEnd))),
    message: end < data.length ? dec.decode(data.subarray(end + 2)) : '',
  };
  if (encoding) commit.encoding = encoding;
  if (gpgsig) commit.gpgsig = gpgsig;
  return commit;
}

const OID_HEX = /^[0-9a-f]{40}$/;

const startsWith = (data: Buffer, at: number, word: Buffer): boolean => {
  if (at + word.length > data.length) return false;
  for (let i = 0; i < word.length; i++) if (data[at + i] !== word[i]) return false;
  return true;
};
const TREE = Buffer.from('tree ');
const PARENT = Buffer.from('parent ');
const COMMITTER = Buffer.from('committer ');
const isSpace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/**
 * Just the parents and committer time, without decoding names or the message: what ordering a
 * walk needs, at a fraction of parseCommit's cost. Reads bytes; anything unusual goes to parseCommit.
 * The tree is a checked hex id (as parseCommit checks it).
 */
export function parseCommitLinks(data: Buffer): { tree: string; parents: string[]; time: number } {
  const slow = (): { tree: string; parents: string[]; time: number } => {
    const c = parseCommit(data);
    return { tree: c.tree, parents: c.parents, time: c.committer.timestamp };
  };
  if (!startsWith(data, 0, TREE) || data[45] !== 0x0a || !isHexAt(data, 5)) return slow();
  const tree = data.toString('latin1', 5, 45);
  const parents: string[] = [];
  let pos = 46;
  while (startsWith(data, pos, PARENT)) {
    if (data[pos + 47] !== 0x0a) return slow();
    parents.push(data.toString('latin1', pos + 7, pos + 47));
    pos += 48;
  }
  // The first header line that starts with "committer " (continuation lines start with a space).
  let time = 0;
  while (pos < data.length && data[pos] !== 0x0a) {
    let eol = data.indexOf(0x0a, pos);
    if (eol < 0) eol = data.length;
    if (startsWith(data, pos, COMMITTER)) {
      const t = stampOf(data, pos + COMMITTER.length, eol);
      if (t === null) return slow();
      time = t;
      break;
    }
    pos = eol + 1;
  }
  return { tree, parents, time };
}

/** Whether data[at, at + 40) is a lower-case hex id (bytes, so a walk makes no string to test). */
function isHexAt(data: Buffer, at: number): boolean {
  for (let i = at; i < at + 40; i++) {
    const b = data[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

/** parseSignature's timestamp from the line's bytes [from, to); null when it needs the string form. */
function stampOf(data: Buffer, from: number, to: number): number | null {
  const lt = data.indexOf(0x3c, from);
  if (lt < 0 || lt >= to) return 0;
  const gt = data.indexOf(0x3e, lt + 1);
  if (gt < 0 || gt >= to) return 0;
  let p = gt + 1;
  while (p < to && isSpace(data[p]!)) p++;
  let value = 0;
  const start = p;
  for (; p < to && !isSpace(data[p]!); p++) {
    const d = data[p]!;
    if (d >= 0x80) return null; // a non-ASCII byte: let the string rules (Unicode whitespace) decide
    if (d < 0x30 || d > 0x39) return 0;
    value = value * 10 + (d - 0x30);
  }
  if (p === start) return 0;
  // Beyond 2^53 the string form's Number() rounds differently than this sum.
  return Number.isSafeInteger(value) ? value : null;
}
