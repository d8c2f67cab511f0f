import type { EolAction } from './eol';

/**
 * The byte work of line-ending conversion, as git's convert.c: `gather_stats`,
 * `convert_is_binary`, `crlf_to_git` (clean) and `crlf_to_worktree` (smudge).
 */
export interface TextStats {
  nul: number;
  lonecr: number;
  lonelf: number;
  crlf: number;
  printable: number;
  nonprintable: number;
}

const CR = 13;
const LF = 10;

/** gather_stats(): the whole content is counted, as convert.c does (not only its first 8000 bytes). */
export function gatherStats(buf: Uint8Array): TextStats {
  const s: TextStats = { nul: 0, lonecr: 0, lonelf: 0, crlf: 0, printable: 0, nonprintable: 0 };
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === CR) {
      if (i + 1 < n && buf[i + 1] === LF) {
        s.crlf++;
        i++;
      } else s.lonecr++;
      continue;
    }
    if (c === LF) {
      s.lonelf++;
      continue;
    }
    if (c === 127) s.nonprintable++;
    else if (c < 32) {
      // BS, HT, ESC and FF count as printable.
      if (c === 8 || c === 9 || c === 27 || c === 12) s.printable++;
      else {
        if (c === 0) s.nul++;
        s.nonprintable++;
      }
    } else s.printable++;
  }
  // A trailing ^Z (an old DOS end of file) is not counted as non-printable.
  if (n >= 1 && buf[n - 1] === 0x1a) s.nonprintable--;
  return s;
}

/** convert_is_binary(): a lone CR, a NUL, or more than 1 in 128 bytes non-printable. */
export function isBinaryStats(s: TextStats): boolean {
  return s.lonecr > 0 || s.nul > 0 || s.printable >> 7 < s.nonprintable;
}

/** has_crlf_in_index()'s test of a blob: text (by the guess) with at least one CRLF. */
export function hasCrlfText(blob: Uint8Array | null): boolean {
  if (!blob || blob.length === 0 || blob.indexOf(CR) < 0) return false;
  const s = gatherStats(blob);
  return !isBinaryStats(s) && s.crlf > 0;
}

const isAuto = (a: EolAction): boolean => a === 'auto-lf' || a === 'auto-crlf';

/**
 * crlf_to_git(): the content git stores for a working file with this action. `indexBlob` gives
 * the blob the index holds for the path (null: none); it is read only when it matters: for an
 * auto action, git keeps CRLF in a file whose indexed version already has CRLF (its "safer
 * autocrlf"), so that committing such a file does not rewrite every line. Returns `content`
 * itself when nothing changes.
 */
export function cleanToGit(content: Buffer, action: EolAction, indexBlob: () => Uint8Array | null): Buffer {
  if (action === 'binary' || content.length === 0 || content.indexOf(CR) < 0) return content;
  const auto = isAuto(action);
  if (auto) {
    const s = gatherStats(content);
    if (s.crlf === 0 || isBinaryStats(s)) return content;
    if (hasCrlfText(indexBlob())) return content;
  }
  const out = Buffer.allocUnsafe(content.length);
  let o = 0;
  const n = content.length;
  for (let i = 0; i < n; i++) {
    const c = content[i]!;
    // Guessed text has no lone CR (it would be binary): every CR goes. Declared text keeps lone CRs.
    if (c === CR && (auto || (i + 1 < n && content[i + 1] === LF))) continue;
    out[o++] = c;
  }
  return o === n ? content : out.subarray(0, o);
}

/**
 * crlf_to_worktree(): the bytes git writes on checkout for a blob with this action: lone LFs
 * become CRLF when the action's line ending is CRLF; guessed text that already has a CR, or looks
 * binary, is written as it is. Returns `blob` itself when nothing changes.
 */
export function smudgeToWorktree(blob: Uint8Array, action: EolAction): Uint8Array {
  if ((action !== 'text-crlf' && action !== 'auto-crlf') || blob.length === 0 || blob.indexOf(LF) < 0) return blob;
  const s = gatherStats(blob);
  if (s.lonelf === 0) return blob;
  if (action === 'auto-crlf' && (s.lonecr > 0 || s.crlf > 0 || isBinaryStats(s))) return blob;
  const out = Buffer.allocUnsafe(blob.length + s.lonelf);
  let o = 0;
  for (let i = 0; i < blob.length; i++) {
    const c = blob[i]!;
    if (c === LF && (i === 0 || blob[i - 1] !== CR)) out[o++] = CR;
    out[o++] = c;
  }
  return out.subarray(0, o);
}
