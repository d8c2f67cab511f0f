import fs from 'node:fs';
import path from 'node:path';
import { coreSetting, globalGitFile } from './fast/git-dir';

/**
 * gitignore matching as git does it (Documentation/gitignore.txt, dir.c, wildmatch.c):
 * last matching pattern wins; deeper .gitignore files beat shallower ones, which beat
 * `.git/info/exclude`, which beats `core.excludesFile`. A path inside an excluded directory is
 * excluded whatever later patterns say (the walker stops at such directories).
 */
export interface IgnorePattern {
  /** Directory (repo-relative, '' for the root) of the file that holds the pattern. */
  base: string;
  negate: boolean;
  dirOnly: boolean;
  /** Matches the basename only (the pattern had no slash except a trailing one). */
  basename: boolean;
  re: RegExp;
}

const CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9',
  graph: '\\x21-\\x7e', lower: 'a-z', print: '\\x20-\\x7e', punct: '!-\\/:-@\\[-`{-~', space: '\\s',
  upper: 'A-Z', xdigit: '0-9a-fA-F',
};

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Reads a bracket expression at `glob[i] === '['`; returns the regex class and the index after it, or null when unterminated. */
function bracket(glob: string, i: number): [string, number] | null {
  let j = i + 1;
  let out = '[';
  if (glob[j] === '!' || glob[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < glob.length) {
    const c = glob[j]!;
    if (c === ']' && !first) return [`${out}]`, j + 1];
    first = false;
    if (c === '[' && glob[j + 1] === ':') {
      const end = glob.indexOf(':]', j + 2);
      const cls = end > 0 ? CLASSES[glob.slice(j + 2, end)] : undefined;
      if (cls !== undefined) {
        out += cls;
        j = end + 2;
        continue;
      }
    }
    if (c === '\\' && j + 1 < glob.length) {
      out += escapeRe(glob[j + 1]!);
      j += 2;
      continue;
    }
    out += c === '-' ? '-' : escapeRe(c);
    j++;
  }
  return null;
}

/** Translates a wildmatch glob to a regex body; `pathname` is WM_PATHNAME ('*' stops at '/', '**' spans folders). */
export function globToRegex(glob: string, pathname: boolean): string {
  let out = '';
  for (let i = 0; i < glob.length; ) {
    const c = glob[i]!;
    if (c === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const double = j - i >= 2;
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = j === glob.length || glob[j] === '/';
      if (pathname && double && atStart && atEnd) {
        if (j === glob.length) out += '.*'; // "x/**": everything inside
        else {
          out += '(?:.*/)?'; // "**/" and "/**/": zero or more folders
          j++;
        }
      } else out += pathname ? '[^/]*' : '.*';
      i = j;
    } else if (c === '?') {
      out += pathname ? '[^/]' : '.';
      i++;
    } else if (c === '[') {
      const b = bracket(glob, i);
      if (b) {
        out += b[0];
        i = b[1];
      } else {
        out += '\\[';
        i++;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRe(glob[i + 1]!);
      i += 2;
    } else {
      out += escapeRe(c);
      i++;
    }
  }
  return out;
}

/** One line of a gitignore file, or null for blanks and comments. */
export function parseIgnoreLine(raw: string, base: string): IgnorePattern | null {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === '' || line.startsWith('#')) return null;
  // Trailing spaces are dropped unless escaped with a backslash.
  line = line.replace(/(?<!\\)( +)$/, '');
  line = line.replace(/\\ $/, ' ');
  if (line === '') return null;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return null;
  const basename = !line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const re = new RegExp(`^${globToRegex(line, !basename)}$`, 's');
  return { base, negate, dirOnly, basename, re };
}

export function parseIgnoreFile(text: string, base: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const line of text.split('\n')) {
    const p = parseIgnoreLine(line, base);
    if (p) out.push(p);
  }
  return out;
}

/**
 * Whether `rel` (repo-relative, '/'-separated) is excluded by `patterns` (lowest precedence first).
 * Returns true (ignored), false (re-included by a negation) or null (no pattern matched).
 */
export function matchIgnore(patterns: readonly IgnorePattern[], rel: string, isDir: boolean): boolean | null {
  const slash = rel.lastIndexOf('/');
  const name = slash < 0 ? rel : rel.slice(slash + 1);
  for (let k = patterns.length - 1; k >= 0; k--) {
    const p = patterns[k]!;
    if (p.dirOnly && !isDir) continue;
    let subject: string;
    if (p.basename) subject = name;
    else if (p.base === '') subject = rel;
    else if (rel.startsWith(`${p.base}/`)) subject = rel.slice(p.base.length + 1);
    else continue;
    if (p.re.test(subject)) return !p.negate;
  }
  return null;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Patterns that apply to the whole repository, lowest precedence first: `core.excludesFile`
 * (repo config, else the global config, else git's default `$XDG_CONFIG_HOME/git/ignore`),
 * then `.git/info/exclude`.
 */
export function repoExcludes(gitdir: string): IgnorePattern[] {
  const globalFile = globalGitFile(coreSetting(gitdir, 'excludesFile'), 'ignore');
  return [
    ...parseIgnoreFile(readText(globalFile) ?? '', ''),
    ...parseIgnoreFile(readText(path.join(gitdir, 'info', 'exclude')) ?? '', ''),
  ];
}
