import { globToRegex } from './ignore';

/**
 * gitattributes(5) read and matched as git's attr.c does, for the few attributes Reposync acts on
 * (text, eol and the old crlf): one rule per line, a pattern then attribute states; no negative
 * patterns; `/` anchors a pattern to its file's folder and `**` spans folders, as in gitignore;
 * `[attr]name …` defines a macro (only in the root file, info/attributes and the global file), and
 * git's own `binary` macro is `-diff -merge -text`. Files deeper in the tree beat shallower ones;
 * `.git/info/attributes` beats them all; within a file a later line beats an earlier one.
 */

/** An attribute's state: set (`attr`), unset (`-attr`), a value (`attr=v`) or unspecified (`!attr`). */
export type AttrState = true | false | string | null;

export interface AttrRule {
  /** Matches the basename only (the pattern had no slash but a trailing one). */
  basename: boolean;
  /** `dir/`: matches folders only, so never a file (attributes are asked for files). */
  dirOnly: boolean;
  re: RegExp;
  states: Array<[string, AttrState]>;
}

export interface AttrFile {
  /** The folder (repository-relative, '' for the root) the file's patterns are relative to. */
  base: string;
  rules: AttrRule[];
  macros: Map<string, Array<[string, AttrState]>>;
}

const BLANK = /[ \t\r\n]/;
const MAX_LINE_LENGTH = 2048;
const MAX_FILE_SIZE = 100 * 1024 * 1024;
const NAME = /^[-._0-9a-zA-Z]+$/;

const validName = (name: string): boolean => NAME.test(name) && !name.startsWith('-');

/** The states after a pattern, or null when one names an invalid attribute (git drops the line). */
function parseStates(text: string): Array<[string, AttrState]> | null {
  const out: Array<[string, AttrState]> = [];
  for (const word of text.split(/[ \t\r\n]+/)) {
    if (!word) continue;
    let name = word;
    let state: AttrState = true;
    if (word.startsWith('-') || word.startsWith('!')) {
      // As attr.c: a leading - or ! takes the whole word as the name, even with an `=` in it.
      state = word[0] === '-' ? false : null;
      name = word.slice(1);
    } else {
      const eq = word.indexOf('=');
      if (eq >= 0) {
        name = word.slice(0, eq);
        state = word.slice(eq + 1);
      }
    }
    if (!validName(name)) return null;
    out.push([name, state]);
  }
  return out;
}

/** C-style unquoting of a `"…"` pattern (attr.c's unquote_c_style); null when not closed. */
function unquote(line: string): [string, string] | null {
  const esc: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
  let out = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') return [out, line.slice(i + 1)];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = line[++i];
    if (n === undefined) return null;
    if (esc[n] !== undefined) out += esc[n];
    else if (/[0-3]/.test(n) && /^[0-7]{2}$/.test(line.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(line.slice(i, i + 3), 8));
      i += 2;
    } else return null;
  }
  return null;
}

/**
 * One attributes file. `macroOk`: the file may define macros (the root `.gitattributes`,
 * info/attributes, the global file); elsewhere git refuses `[attr]` lines, and so do we.
 * Patterns keep their text as bytes read as UTF-8, as the index's paths are.
 */
export function parseAttributes(text: string, base: string, macroOk: boolean, ignoreCase = false): AttrFile {
  const file: AttrFile = { base, rules: [], macros: new Map() };
  // As git (2.39.1+): an attributes file over 100 MB is ignored whole, a line of 2 KB or more alone.
  if (text.length > MAX_FILE_SIZE) return file;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t\r\n]+/, '');
    if (!line || line.startsWith('#') || Buffer.byteLength(raw, 'utf8') >= MAX_LINE_LENGTH) continue;
    let pattern: string;
    let rest: string;
    const quoted = line.startsWith('"') ? unquote(line) : null;
    if (quoted) [pattern, rest] = quoted;
    else {
      const end = line.search(BLANK);
      pattern = end < 0 ? line : line.slice(0, end);
      rest = end < 0 ? '' : line.slice(end);
    }
    if (pattern.startsWith('[attr]') && pattern.length > 6) {
      if (!macroOk) continue; // "[attr]x not allowed" in a folder's file
      const name = pattern.slice(6);
      const states = parseStates(rest);
      if (validName(name) && states) file.macros.set(name, states);
      continue;
    }
    const states = parseStates(rest);
    if (!states || pattern.startsWith('!')) continue; // negative patterns are ignored, as git warns
    let dirOnly = false;
    if (pattern.endsWith('/')) {
      dirOnly = true;
      pattern = pattern.slice(0, -1);
    }
    if (!pattern) continue;
    const basename = !pattern.includes('/');
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    // core.ignorecase: git matches attribute patterns without case, as its ignore patterns.
    file.rules.push({ basename, dirOnly, re: new RegExp(`^${globToRegex(pattern, !basename)}$`, ignoreCase ? 'si' : 's'), states });
  }
  return file;
}

/** git's built-in macro, defined below every file. */
export const BUILTIN: AttrFile = parseAttributes('[attr]binary -diff -merge -text\n', '', true);

function matches(rule: AttrRule, base: string, rel: string, name: string): boolean {
  if (rule.dirOnly) return false;
  if (rule.basename) return rule.re.test(name);
  if (base === '') return rule.re.test(rel);
  // The folder part is the file's own location, which the walk found as named: compared exactly.
  return rel.startsWith(`${base}/`) && rule.re.test(rel.slice(base.length + 1));
}

/**
 * The states of `wanted` attributes for file `rel`, given the files that apply to it from the
 * lowest precedence to the highest (builtin, global, root, …, deepest folder, info/attributes).
 * An attribute absent from the result is unspecified. As attr.c's fill(): walk rules from the
 * highest precedence down; a rule's states are taken from its last one to its first; the first
 * state found for an attribute stands; a set macro then fills in its own states the same way.
 */
export function resolveAttributes(stack: readonly AttrFile[], rel: string, wanted: readonly string[]): Map<string, AttrState> {
  const macros = new Map<string, Array<[string, AttrState]>>();
  for (let s = stack.length - 1; s >= 0; s--) {
    for (const [name, states] of stack[s]!.macros) if (!macros.has(name)) macros.set(name, states);
  }
  const found = new Map<string, AttrState>();
  let missing = wanted.length;
  const fill = (states: Array<[string, AttrState]>): void => {
    for (let k = states.length - 1; k >= 0 && missing > 0; k--) {
      const [name, state] = states[k]!;
      if (found.has(name)) continue;
      found.set(name, state);
      if (wanted.includes(name)) missing--;
      const macro = state === true ? macros.get(name) : undefined;
      if (macro) fill(macro);
    }
  };
  const slash = rel.lastIndexOf('/');
  const name = slash < 0 ? rel : rel.slice(slash + 1);
  for (let s = stack.length - 1; s >= 0 && missing > 0; s--) {
    const file = stack[s]!;
    for (let r = file.rules.length - 1; r >= 0 && missing > 0; r--) {
      const rule = file.rules[r]!;
      if (matches(rule, file.base, rel, name)) fill(rule.states);
    }
  }
  const out = new Map<string, AttrState>();
  for (const w of wanted) {
    const v = found.get(w);
    if (v !== undefined && v !== null) out.set(w, v);
  }
  return out;
}
