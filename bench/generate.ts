// Synthetic repositories written with `git fast-import`: tens of thousands of commits in seconds.
// Used by the benchmark (bench/run.ts) and by the fast reader's tests (electron/core/git/fast).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Bump when the shape of generated repositories changes: cached bench repos are keyed by it. */
export const GENERATOR_VERSION = 4;

export interface HistorySpec {
  commits: number;
  /** Files in the first commit; adds, deletes and renames move the count from there. */
  files: number;
  seed: number;
  /** A side branch is forked, worked on and merged about every this many main commits (0: never). */
  mergeEvery: number;
  /** Put accents, CJK, spaces and quotes in some names. */
  unicode?: boolean;
  /** Add a symlink, an executable bit flip, a file that becomes a folder, a gitlink and tags. */
  edgeCases?: boolean;
  /** A commit this many commits below the tip adds a `lines`-line TypeScript file (under the 1 MB diff guard): the UI bench's big diff. */
  bigFile?: { lines: number; fromTop: number };
}

/** The subject of the `bigFile` commit, so the UI bench can find its row. */
export const BIG_FILE_SUBJECT = 'Add the generated lookup table';
export const BIG_FILE_PATH = 'src/generated/lookup-table.ts';

/** A plain, highlightable TypeScript file of `lines` lines, about 40 bytes each. */
export function bigFileContent(lines: number): string {
  let out = 'export const TABLE: [string, number, string][] = [\n';
  for (let i = 1; i <= lines - 2; i++) out += `  ['key_${String(i).padStart(6, '0')}', ${(i * 7919) % 100_000}, '${WORDS[i % WORDS.length]}'],\n`;
  return `${out}];\n`;
}

const WORDS = ('alpha beta gamma delta core utils render network cache index merge sync status history ' +
  'parser config tree commit object pack stream buffer worker queue client server model view store')
  .split(' ');
const UNICODE = ['é', 'ü', '日本', 'ß', 'Ωmega', 'naïve café', 'quote"d', 'emoji😀'];
const AUTHORS = [
  ['Ada Lovelace', 'ada@example.test'], ['Linus T', 'linus@example.test'], ['Grace Hopper', 'grace@example.test'],
  ['Zoë Müller', 'zoe@example.test'], ['山田 太郎', 'taro@example.test'], ['Ken Thompson', 'ken@example.test'],
  ['Barbara Liskov', 'barbara@example.test'], ['José Núñez', 'jose@example.test'],
];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (p: string): string => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Deterministic file content: each version edits one line of the previous one, as real edits do. */
export function fileContent(p: string, version: number): string {
  let h = 0;
  for (let i = 0; i < p.length; i++) h = (Math.imul(h, 31) + p.charCodeAt(i)) | 0;
  const lines = 6 + (Math.abs(h) % 30);
  const edits = new Array<number>(lines).fill(0);
  for (let v = 1; v <= version; v++) edits[Math.abs(Math.imul(h ^ v, 2654435761)) % lines]!++;
  let out = '';
  for (let k = 0; k < lines; k++) out += `${p}:${k} ${WORDS[(k + h) & 15]} ${WORDS[(edits[k]! + k) % WORDS.length]} revision ${edits[k]}\n`;
  return out;
}

/** Paths with their versions, with O(1) random pick and removal. */
class FileSet {
  readonly paths: string[] = [];
  readonly at = new Map<string, number>();
  readonly ver = new Map<string, number>();
  get size(): number {
    return this.paths.length;
  }
  has(p: string): boolean {
    return this.at.has(p);
  }
  get(p: string): number | undefined {
    return this.ver.get(p);
  }
  set(p: string, v: number): void {
    if (!this.at.has(p)) {
      this.at.set(p, this.paths.length);
      this.paths.push(p);
    }
    this.ver.set(p, v);
  }
  delete(p: string): void {
    const i = this.at.get(p);
    if (i === undefined) return;
    const last = this.paths.pop()!;
    if (last !== p) {
      this.paths[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(p);
    this.ver.delete(p);
  }
  pick(r: () => number): string {
    return this.paths[Math.floor(r() * this.paths.length)]!;
  }
  clone(): FileSet {
    const c = new FileSet();
    for (const p of this.paths) c.set(p, this.ver.get(p)!);
    return c;
  }
}

class Stream {
  private readonly fd: number;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(s: string): void {
    fs.writeSync(this.fd, s);
  }
  data(s: string): void {
    this.write(`data ${Buffer.byteLength(s)}\n${s}\n`);
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

function makePath(r: () => number, unicode: boolean, n: number): string {
  const depth = 1 + Math.floor(r() * 4);
  const parts: string[] = [];
  for (let d = 0; d < depth; d++) parts.push(WORDS[Math.floor(r() * 12) + d]!);
  let name = `file_${n}.${['ts', 'md', 'json', 'txt'][n % 4]}`;
  if (unicode && r() < 0.08) name = `${UNICODE[Math.floor(r() * UNICODE.length)]} ${n}.txt`;
  return [...parts, name].join('/');
}

/** Writes a fast-import stream for `spec` to `file`; the history lands on refs/heads/main. */
export function writeHistoryStream(spec: HistorySpec, file: string): void {
  const r = rng(spec.seed);
  const s = new Stream(file);
  const unicode = spec.unicode ?? false;
  const version = new Map<string, number>();
  const main = new FileSet();
  let mark = 0;
  let time = 1_500_000_000;
  let counter = 0;
  const bump = (p: string): number => {
    const v = (version.get(p) ?? 0) + 1;
    version.set(p, v);
    return v;
  };
  const newPath = (): string => {
    for (;;) {
      const p = makePath(r, unicode, counter++);
      if (!main.has(p)) return p;
    }
  };
  const commit = (ref: string, from: number | null, merge: number | null, ops: string[], subject: string): number => {
    // Equal times happen (15%), and now and then a committer clock runs days behind.
    time += r() < 0.15 ? 0 : 1 + Math.floor(r() * 600);
    const when = r() < 0.01 ? time - 3 * 86400 : time;
    const [name, email] = AUTHORS[Math.floor(r() * AUTHORS.length)]!;
    const m = ++mark;
    s.write(`commit ${ref}\nmark :${m}\nauthor ${name} <${email}> ${when} +0200\ncommitter ${name} <${email}> ${when} +0200\n`);
    const body = r() < 0.3 ? `\n\nDetails about ${WORDS[Math.floor(r() * WORDS.length)]} #${m}.\n` : '\n';
    s.data(`${subject}${body}`);
    if (from !== null) s.write(`from :${from}\n`);
    if (merge !== null) s.write(`merge :${merge}\n`);
    for (const op of ops) s.write(op);
    s.write('\n');
    return m;
  };
  const modifyOp = (p: string, v: number, mode = '100644'): string => {
    const content = fileContent(p, v);
    return `M ${mode} inline ${quote(p)}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  };

  // The first commit.
  const initial: string[] = [];
  for (let i = 0; i < spec.files; i++) {
    const p = newPath();
    main.set(p, bump(p));
    initial.push(modifyOp(p, main.get(p)!));
  }
  let tip = commit('refs/heads/main', null, null, initial, 'Initial import');
  // Real repositories have hot files: a few files from the start get a fifth of all edits and are never removed.
  const hot = main.paths.slice(0, Math.max(1, Math.floor(spec.files / 10)));
  const isHot = new Set(hot);
  let side: { tip: number; state: FileSet; touched: Set<string>; left: number } | null = null;

  for (let n = 1; n < spec.commits; n++) {
    if (spec.bigFile && n === spec.commits - spec.bigFile.fromTop) {
      const content = bigFileContent(spec.bigFile.lines);
      tip = commit('refs/heads/main', tip, null, [`M 100644 inline ${quote(BIG_FILE_PATH)}\ndata ${Buffer.byteLength(content)}\n${content}\n`], BIG_FILE_SUBJECT);
      continue;
    }
    const word = WORDS[Math.floor(r() * WORDS.length)]!;
    if (side && side.left === 0) {
      const ops: string[] = [];
      for (const p of side.touched) {
        if (!main.has(p)) continue;
        main.set(p, side.state.get(p)!);
        ops.push(modifyOp(p, side.state.get(p)!));
      }
      tip = commit('refs/heads/main', tip, side.tip, ops, `Merge branch 'topic-${side.tip}' into main`);
      side = null;
      continue;
    }
    if (!side && spec.mergeEvery > 0 && r() < 1 / spec.mergeEvery) {
      side = { tip, state: main.clone(), touched: new Set(), left: 2 + Math.floor(r() * 6) };
    }
    if (side && r() < 0.5) {
      const p = side.state.pick(r);
      const v = bump(p);
      side.state.set(p, v);
      side.touched.add(p);
      side.tip = commit('refs/heads/topic', side.tip, null, [modifyOp(p, v)], `Topic: tune ${word} in ${path.basename(p)}`);
      side.left--;
      continue;
    }
    const ops: string[] = [];
    const count = 1 + Math.floor(r() * 4);
    let verb = 'Update';
    for (let k = 0; k < count; k++) {
      const x = r();
      if (x < 0.8 || main.size < 10) {
        const p = r() < 0.2 ? hot[Math.floor(r() * hot.length)]! : main.pick(r);
        main.set(p, bump(p));
        ops.push(modifyOp(p, main.get(p)!));
      } else if (x < 0.87) {
        const p = newPath();
        main.set(p, bump(p));
        ops.push(modifyOp(p, main.get(p)!));
        verb = 'Add';
      } else if (x < 0.92) {
        const p = main.pick(r);
        if (isHot.has(p)) continue;
        main.delete(p);
        ops.push(`D ${quote(p)}\n`);
        verb = 'Remove';
      } else {
        const from = main.pick(r);
        if (isHot.has(from)) continue;
        const to = newPath();
        main.set(to, main.get(from)!);
        version.set(to, main.get(from)!);
        main.delete(from);
        ops.push(`R ${quote(from)} ${quote(to)}\n`);
        verb = 'Rename';
      }
    }
    tip = commit('refs/heads/main', tip, null, ops, `${verb} ${word} (${n})`);
  }
  if (spec.edgeCases) {
    const first = main.paths[0]!;
    tip = commit('refs/heads/main', tip, null, [
      `M 120000 inline "link-to-first"\ndata ${Buffer.byteLength(first)}\n${first}\n`,
      modifyOp(first, main.get(first)!, '100755'),
    ], 'Add a symlink and an executable bit');
    tip = commit('refs/heads/main', tip, null, [modifyOp('thing', 1)], 'Add a file named thing');
    tip = commit('refs/heads/main', tip, null, ['D "thing"\n', modifyOp('thing/inside.txt', 1), modifyOp('thing.c', 1)], 'Turn thing into a folder');
    tip = commit('refs/heads/main', tip, null, [`M 160000 ${'ab'.repeat(20)} "vendor/sub"\n`], 'Add a submodule link');
    s.write(`tag v1.0\nfrom :${tip}\ntagger Ada Lovelace <ada@example.test> ${time} +0000\n`);
    s.data('Release 1.0\n');
    s.write(`reset refs/tags/light\nfrom :${Math.max(1, tip - 3)}\n\n`);
  }
  s.write(`reset refs/heads/topic\nfrom :${tip}\n\n`);
  s.close();
}

/** One commit holding `files` files in nested folders (for status benchmarks). */
export function writeTreeStream(files: number, seed: number, file: string): void {
  const r = rng(seed);
  const s = new Stream(file);
  s.write(`commit refs/heads/main\nauthor A <a@example.test> 1500000000 +0000\ncommitter A <a@example.test> 1500000000 +0000\n`);
  s.data('Wide tree');
  for (let i = 0; i < files; i++) {
    const p = `${WORDS[i % 29]}/${WORDS[Math.floor(r() * 29)]}/d${i % 97}/f${i}.txt`;
    const content = fileContent(p, 1);
    s.write(`M 100644 inline ${quote(p)}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  }
  s.write('\n');
  s.close();
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'b@example.test', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'b@example.test' };

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}
/** The same, returning raw bytes. */
git.raw = (dir: string, ...args: string[]): Buffer =>
  execFileSync('git', args, { cwd: dir, env: GIT_ENV, maxBuffer: 2 ** 31, stdio: ['ignore', 'pipe', 'pipe'] });

/** `git init` + `git fast-import` of the stream file, branch main. */
export function fastImport(dir: string, streamFile: string, bare = false): void {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main', ...(bare ? ['--bare'] : []));
  const fd = fs.openSync(streamFile, 'r');
  try {
    const res = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env: GIT_ENV, stdio: [fd, 'ignore', 'pipe'] });
    if (res.status !== 0) throw new Error(`git fast-import failed: ${res.stderr?.toString()}`);
  } finally {
    fs.closeSync(fd);
  }
}
