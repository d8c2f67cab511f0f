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

/**
 * Parses a commit object. Unknown headers (mergetag, gpgsig-sha256, …) and their continuation
 * lines (starting with a space) are skipped; a missing committer reads as timestamp 0, as in git.
 */
export function parseCommit(data: Buffer): ParsedCommit {
  let end = data.indexOf('\n\n');
  if (end < 0) end = data.length;
  const headerBytes = data.subarray(0, end);
  // Headers are parsed as latin1 (1:1 with bytes) first, so the encoding header can be honoured.
  const lines = headerBytes.toString('latin1').split('\n');
  let tree = '';
  const parents: string[] = [];
  let authorRaw: string | undefined;
  let committerRaw: string | undefined;
  let encoding: string | undefined;
  let gpgsig: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    if (key === 'tree' && !tree) tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author' && authorRaw === undefined) authorRaw = value;
    else if (key === 'committer' && committerRaw === undefined) committerRaw = value;
    else if (key === 'encoding') encoding = value;
    else if (key === 'gpgsig') {
      const sig = [value];
      while (lines[i + 1]?.startsWith(' ')) sig.push(lines[++i]!.slice(1));
      gpgsig = sig.join('\n');
    }
  }
  if (!/^[0-9a-f]{40}$/.test(tree) || parents.some((p) => !/^[0-9a-f]{40}$/.test(p))) {
    throw corrupt('commit has a bad tree or parent line');
  }
  const dec = decoder(encoding && !/^utf-?8$/i.test(encoding) ? encoding : undefined);
  const text = (s: string | undefined): string | undefined => (s === undefined ? undefined : dec.decode(Buffer.from(s, 'latin1')));
  const commit: ParsedCommit = {
    tree,
    parents,
    author: authorRaw === undefined ? { ...EMPTY } : parseSignature(text(authorRaw)!),
    committer: committerRaw === undefined ? { ...EMPTY } : parseSignature(text(committerRaw)!),
    message: end < data.length ? dec.decode(data.subarray(end + 2)) : '',
  };
  if (encoding) commit.encoding = encoding;
  if (gpgsig) commit.gpgsig = gpgsig;
  return commit;
}

/**
 * Just the parents and committer time, without decoding names or the message: what ordering a
 * walk needs, at a fraction of parseCommit's cost.
 */
export function parseCommitLinks(data: Buffer): { tree: string; parents: string[]; time: number } {
  if (data.toString('latin1', 0, 5) !== 'tree ' || data[45] !== 0x0a) {
    const c = parseCommit(data);
    return { tree: c.tree, parents: c.parents, time: c.committer.timestamp };
  }
  let end = data.indexOf('\n\n');
  if (end < 0) end = data.length;
  const tree = data.toString('latin1', 5, 45);
  const parents: string[] = [];
  let pos = 46;
  while (pos + 47 <= end && data.toString('latin1', pos, pos + 7) === 'parent ') {
    parents.push(data.toString('latin1', pos + 7, pos + 47));
    pos += 48;
  }
  let time = 0;
  const at = data.indexOf('\ncommitter ', pos - 1);
  if (at >= 0 && at < end) {
    const eol = data.indexOf('\n', at + 1);
    const line = data.toString('utf8', at + 11, eol < 0 || eol > end ? end : eol);
    time = parseSignature(line).timestamp;
  }
  return { tree, parents, time };
}
