import { type ParsedCommit, parseCommit } from './parse-commit';

export interface CommitSearch {
  /** A plain substring (no pattern syntax); '' matches every commit. */
  needle: string;
  /** Unicode-aware lower-casing of both sides (the history search); else exact (`git log -F --grep`). */
  ignoreCase?: boolean;
  /** Look in the message (default true). */
  message?: boolean;
  /** Look in `Name <email>` of the author (default true). */
  author?: boolean;
}

const NL = 0x0a;
const ENCODING = Buffer.from('encoding ');
/** ASCII upper case to lower case, every other byte unchanged. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b));

/**
 * Which commits a search matches, from their raw bytes: the commit parsed when it matches, else
 * null. A search walks every commit and shows few, and parsing (decoding names and the message)
 * cost more than inflating: so the bytes are first searched for a piece of the needle that any
 * match must contain byte for byte, and only commits that have it are parsed and checked exactly.
 *
 * The piece (see `keyOf`) skips what the byte search cannot see: the " <" and ">" that join name
 * and email (the name is trimmed), U+FFFD (what undecodable bytes turn into) and, ignoring case,
 * everything but ASCII (lower-casing maps only İ and the Kelvin sign from outside ASCII into it,
 * so 'i' and 'k' are left out too; search.test.ts checks that against every code point).
 * A commit with an `encoding` header is always parsed: its bytes are not its text's UTF-8.
 */
export function commitMatcher(search: CommitSearch): (raw: Buffer) => ParsedCommit | null {
  const { ignoreCase = false, message = true, author = true } = search;
  const q = ignoreCase ? search.needle.toLowerCase() : search.needle;
  const fold = ignoreCase ? (s: string): string => s.toLowerCase() : (s: string): string => s;
  const exact = (raw: Buffer): ParsedCommit | null => {
    const c = parseCommit(raw);
    if (message && fold(c.message).includes(q)) return c;
    if (author && fold(`${c.author.name} <${c.author.email}>`).includes(q)) return c;
    return null;
  };
  if (!message && !author) return () => null;
  const key = keyOf(q, ignoreCase, author);
  if (!key) return exact;
  const has = ignoreCase ? (raw: Buffer): boolean => includesFolded(raw, key) : (raw: Buffer): boolean => raw.indexOf(key) >= 0;
  return (raw) => (has(raw) || declaresEncoding(raw) ? exact(raw) : null);
}

/** The longest run of `q` a matching commit's bytes must contain as is (ASCII case aside), or null. */
function keyOf(q: string, ignoreCase: boolean, author: boolean): Buffer | null {
  let best = '';
  let run = '';
  for (const ch of q) {
    const code = ch.codePointAt(0)!;
    const usable =
      !(author && (ch === ' ' || ch === '<' || ch === '>')) &&
      (ignoreCase ? code < 0x80 && ch !== 'i' && ch !== 'k' : code !== 0xfffd && !(code >= 0xd800 && code <= 0xdfff));
    if (usable) run += ch;
    else run = '';
    if (run.length > best.length) best = run;
  }
  return best ? Buffer.from(best, 'utf8') : null;
}

/** Whether `key` (ASCII, lower case) occurs in `raw` with ASCII letters in either case. */
function includesFolded(raw: Buffer, key: Buffer): boolean {
  const first = key[0]!;
  const n = key.length;
  const last = raw.length - n;
  outer: for (let i = 0; i <= last; i++) {
    if (FOLD[raw[i]!] !== first) continue;
    for (let k = 1; k < n; k++) if (FOLD[raw[i + k]!] !== key[k]) continue outer;
    return true;
  }
  return false;
}

/** Whether the header block has an `encoding` line (the message is then decoded from another charset). */
function declaresEncoding(raw: Buffer): boolean {
  // A byte loop, not Buffer#indexOf: this runs on every commit that is not a match, and a native
  // call per search cost more than scanning the few hundred bytes of a header.
  const n = ENCODING.length;
  for (let at = 0; at < raw.length; ) {
    if (raw[at] === NL) return false; // the blank line that ends the header
    if (raw[at] === 0x65 && at + n <= raw.length) {
      let k = 1;
      while (k < n && raw[at + k] === ENCODING[k]) k++;
      if (k === n) return true;
    }
    while (at < raw.length && raw[at] !== NL) at++;
    at++;
  }
  return false;
}
