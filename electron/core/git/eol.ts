import fs from 'node:fs';
import path from 'node:path';
import { type AttrFile, BUILTIN, parseAttributes, resolveAttributes } from './attributes';
import { coreSettings, globalGitFile } from './fast/git-dir';

/**
 * Line-ending conversion as git does it (convert.c): which files are text and which line ending
 * they get in the working tree, from `.gitattributes` (text, eol, the old crlf) and the config
 * (core.autocrlf, core.eol). The repository stores text with LF; "clean" turns the working file
 * into what git stores, "smudge" turns a blob into what git writes on checkout.
 *
 * The action of a path, as convert_attrs() settles it:
 * - `binary`: never converted (`-text`, `binary`, or nothing said and core.autocrlf off);
 * - `text-lf` / `text-crlf`: text whatever the content, written with that line ending;
 * - `auto-lf` / `auto-crlf`: text only when git's guess says so (text=auto, or core.autocrlf).
 */
export type EolAction = 'binary' | 'text-lf' | 'text-crlf' | 'auto-lf' | 'auto-crlf';

export interface EolConfig {
  autocrlf: 'true' | 'input' | 'false';
  /** core.eol, `native` resolved for this platform. */
  eol: 'lf' | 'crlf' | 'unset';
}

const WANTED = ['text', 'crlf', 'eol'] as const;
const CONFIG_KEYS = ['autocrlf', 'eol', 'ignoreCase', 'attributesFile'] as const;
const BOOL_FALSE = /^(false|no|off|0|)$/i;

/** The config part of the rules, from the `core` settings read for them (CONFIG_KEYS). */
function eolConfigOf(settings: ReadonlyMap<string, string>): EolConfig {
  const auto = settings.get('autocrlf');
  const autocrlf = auto === undefined ? 'false' : /^input$/i.test(auto) ? 'input' : BOOL_FALSE.test(auto) ? 'false' : 'true';
  const eolText = settings.get('eol')?.toLowerCase();
  const native = process.platform === 'win32' ? 'crlf' : 'lf';
  const eol = eolText === 'lf' || eolText === 'crlf' ? eolText : eolText === 'native' ? native : 'unset';
  return { autocrlf, eol };
}

/** git's text_eol_is_crlf(): the line ending of text with no eol attribute. */
function textEolIsCrlf(c: EolConfig): boolean {
  if (c.autocrlf === 'true') return true;
  if (c.autocrlf === 'input') return false;
  if (c.eol === 'crlf') return true;
  return c.eol === 'unset' && process.platform === 'win32';
}

type Raw = 'undefined' | 'binary' | 'text' | 'text-input' | 'auto';

function crlfOf(v: string | boolean | undefined): Raw {
  if (v === true) return 'text';
  if (v === false) return 'binary';
  if (v === 'input') return 'text-input';
  if (v === 'auto') return 'auto';
  return 'undefined';
}

/** convert_attrs(): the action for a path's text/crlf/eol attributes under this config. */
export function actionOf(attrs: ReadonlyMap<string, string | boolean | null>, config: EolConfig): EolAction {
  let raw = crlfOf(attrs.get('text') ?? undefined);
  if (raw === 'undefined') raw = crlfOf(attrs.get('crlf') ?? undefined);
  let action: EolAction | null = null;
  if (raw !== 'binary') {
    const eol = attrs.get('eol');
    if (eol === 'lf') action = raw === 'auto' ? 'auto-lf' : 'text-lf';
    else if (eol === 'crlf') action = raw === 'auto' ? 'auto-crlf' : 'text-crlf';
  }
  if (action) return action;
  const crlf = textEolIsCrlf(config);
  switch (raw) {
    case 'binary':
      return 'binary';
    case 'text-input':
      return 'text-lf';
    case 'text':
      return crlf ? 'text-crlf' : 'text-lf';
    case 'auto':
      return crlf ? 'auto-crlf' : 'auto-lf';
    default:
      return config.autocrlf === 'true' ? 'auto-crlf' : config.autocrlf === 'input' ? 'auto-lf' : 'binary';
  }
}

/** Reads the attributes file of a folder ('' for the root), or null when it has none. */
export type AttrSource = (folder: string) => string | null;

export const diskAttrSource = (dir: string): AttrSource => (folder) => readTextOrNull(path.join(dir, folder, '.gitattributes'));

function readTextOrNull(file: string): string | null {
  // Most folders have none: asked first without an exception (a thrown ENOENT per folder was
  // ~10 ms of a pull's blocked-path check on the bench's 300 touched paths).
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return null;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export interface EolRulesOptions {
  /** Where a folder's `.gitattributes` is read from (the working tree by default). */
  source?: AttrSource;
  /**
   * The folders known to hold a `.gitattributes` (a status walk notes them as it lists folders);
   * others are not read. Without it every folder on a path's way is asked of `source`.
   */
  folders?: Set<string>;
}

/**
 * The actions of one repository for the length of one call (a status, a commit, a checkout):
 * config and attribute files read once, each folder's file parsed once, as status reads each
 * `.gitignore` once. `active` is false when nothing can convert (no attributes anywhere, autocrlf
 * off): callers then skip every per-file step, so a repository without line-ending rules pays
 * nothing per file.
 */
export class EolRules {
  readonly config: EolConfig;
  private readonly outer: AttrFile[];
  private readonly info: AttrFile | null;
  private readonly parsed = new Map<string, AttrFile | null>();
  private readonly source: AttrSource;
  private readonly folders: Set<string> | undefined;
  private readonly ignoreCase: boolean;

  constructor(dir: string, gitdir: string, options: EolRulesOptions = {}) {
    const settings = coreSettings(gitdir, CONFIG_KEYS);
    this.config = eolConfigOf(settings);
    const icase = settings.get('ignoreCase');
    this.ignoreCase = icase !== undefined && !BOOL_FALSE.test(icase);
    this.source = options.source ?? diskAttrSource(dir);
    this.folders = options.folders;
    const global = readTextOrNull(globalGitFile(settings.get('attributesFile'), 'attributes'));
    const info = readTextOrNull(path.join(gitdir, 'info', 'attributes'));
    this.outer = global ? [BUILTIN, parseAttributes(global, '', true, this.ignoreCase)] : [BUILTIN];
    this.info = info ? parseAttributes(info, '', true, this.ignoreCase) : null;
  }

  /** False when no path can be converted: no attributes file seen, and core.autocrlf off. */
  get active(): boolean {
    if (this.config.autocrlf !== 'false' || this.info || this.outer.length > 1) return true;
    return this.folders ? this.folders.size > 0 : true;
  }

  private fileOf(folder: string): AttrFile | null {
    let file = this.parsed.get(folder);
    if (file === undefined) {
      const text = this.folders && !this.folders.has(folder) ? null : this.source(folder);
      file = text === null ? null : parseAttributes(text, folder, folder === '', this.ignoreCase);
      this.parsed.set(folder, file);
    }
    return file;
  }

  /** The text/eol/crlf attributes of file `rel` (repository-relative, '/'-separated). */
  attributes(rel: string): Map<string, string | boolean> {
    const stack: AttrFile[] = [...this.outer];
    const root = this.fileOf('');
    if (root) stack.push(root);
    for (let at = rel.indexOf('/'); at >= 0; at = rel.indexOf('/', at + 1)) {
      const file = this.fileOf(rel.slice(0, at));
      if (file) stack.push(file);
    }
    if (this.info) stack.push(this.info);
    // Only the built-in macros: nothing can set an attribute of this path.
    if (stack.length === 1) return new Map();
    return resolveAttributes(stack, rel, WANTED) as Map<string, string | boolean>;
  }

  action(rel: string): EolAction {
    if (!this.active) return 'binary';
    return actionOf(this.attributes(rel), this.config);
  }
}

/**
 * The rules a checkout writes files with: as git's checkout, the `.gitattributes` files are those
 * of the index being checked out (`attrFiles`: each one's path, and its content on demand), not
 * the ones on disk, which may be older or not there yet (a clone).
 */
export function checkoutRules(dir: string, gitdir: string, attrFiles: Map<string, () => Uint8Array | null>): EolRules {
  const byFolder = new Map<string, () => Uint8Array | null>();
  for (const [rel, read] of attrFiles) {
    const slash = rel.lastIndexOf('/');
    byFolder.set(slash < 0 ? '' : rel.slice(0, slash), read);
  }
  const source: AttrSource = (folder) => {
    const bytes = byFolder.get(folder)?.();
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') : null;
  };
  return new EolRules(dir, gitdir, { source, folders: new Set(byFolder.keys()) });
}

/** Whether a repository path names an attributes file. */
export const isAttributesPath = (rel: string): boolean => rel === '.gitattributes' || rel.endsWith('/.gitattributes');

export { cleanToGit, smudgeToWorktree, gatherStats, isBinaryStats, hasCrlfText } from './eol-convert';
