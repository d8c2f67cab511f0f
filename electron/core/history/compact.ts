/**
 * xdiff's change compaction (xdl_change_compact in git's xdiffi.c) with the indent heuristic,
 * git's default since 2.14: slide each block of changed lines to where a human would put it
 * (aligned with the other side's changes, or at the best split by indentation). Without it the
 * hunk headers would differ from `git diff` whenever a block could slide over equal lines.
 */

export interface CompactFile {
  ids: Int32Array;
  /** 1-based changed flags with 0 sentinels at 0 and n+1. */
  changed: Uint8Array;
  /** Indentation of each line as git measures it (-1 for a blank line). */
  indent: Int16Array;
}

interface Group {
  start: number;
  end: number;
}

const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const INDENT_HEURISTIC_MAX_SLIDING = 100;
const MAX_INDENT = 200;

/** git's get_indent on one line's bytes (the newline counts as whitespace). */
export function measureIndent(bytes: Uint8Array, start: number, end: number): number {
  let ret = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x20) ret += 1;
    else if (c === 0x09) ret += 8 - (ret % 8);
    else if (c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) return ret;
    if (ret >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

// `changed` is 1-based: line i (0-based) lives at changed[i + 1].
const isChanged = (f: CompactFile, i: number): boolean => f.changed[i + 1] === 1;
const setChanged = (f: CompactFile, i: number, v: 0 | 1): void => {
  f.changed[i + 1] = v;
};

function groupInit(f: CompactFile): Group {
  const g = { start: 0, end: 0 };
  while (isChanged(f, g.end)) g.end++;
  return g;
}

function groupNext(f: CompactFile, g: Group): boolean {
  if (g.end === f.ids.length) return false;
  g.start = g.end + 1;
  for (g.end = g.start; isChanged(f, g.end); g.end++);
  return true;
}

function groupPrevious(f: CompactFile, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; isChanged(f, g.start - 1); g.start--);
  return true;
}

function slideDown(f: CompactFile, g: Group): boolean {
  if (g.end < f.ids.length && f.ids[g.start] === f.ids[g.end]) {
    setChanged(f, g.start++, 0);
    setChanged(f, g.end++, 1);
    while (isChanged(f, g.end)) g.end++;
    return true;
  }
  return false;
}

function slideUp(f: CompactFile, g: Group): boolean {
  if (g.start > 0 && f.ids[g.start - 1] === f.ids[g.end - 1]) {
    setChanged(f, --g.start, 1);
    setChanged(f, --g.end, 0);
    while (isChanged(f, g.start - 1)) g.start--;
    return true;
  }
  return false;
}

function broken(): never {
  throw new Error('line diff: change groups out of step');
}

export function compactChanges(f: CompactFile, other: CompactFile): void {
  const g = groupInit(f);
  const go = groupInit(other);
  for (;;) {
    if (g.end !== g.start) {
      let groupsize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupsize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp(f, g)) if (!groupPrevious(other, go)) broken();
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        for (;;) {
          if (!slideDown(f, g)) break;
          if (!groupNext(other, go)) broken();
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupsize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // Nothing to choose: the group cannot move.
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!slideUp(f, g)) broken();
          if (!groupPrevious(other, go)) broken();
        }
      } else {
        const bestShift = bestIndentShift(f, g, groupsize, earliestEnd);
        while (g.end > bestShift) {
          if (!slideUp(f, g)) broken();
          if (!groupPrevious(other, go)) broken();
        }
      }
    }
    if (!groupNext(f, g)) break;
    if (!groupNext(other, go)) broken();
  }
}

function bestIndentShift(f: CompactFile, g: Group, groupsize: number, earliestEnd: number): number {
  let shift = Math.max(earliestEnd, g.end - groupsize - 1, g.end - INDENT_HEURISTIC_MAX_SLIDING);
  let bestShift = -1;
  let best = { effectiveIndent: 0, penalty: 0 };
  for (; shift <= g.end; shift++) {
    const score = { effectiveIndent: 0, penalty: 0 };
    scoreSplit(f, shift, score);
    scoreSplit(f, shift - groupsize, score);
    if (bestShift === -1 || compareScores(score, best) <= 0) {
      best = score;
      bestShift = shift;
    }
  }
  return bestShift;
}

function compareScores(a: { effectiveIndent: number; penalty: number }, b: { effectiveIndent: number; penalty: number }): number {
  const cmp = Number(a.effectiveIndent > b.effectiveIndent) - Number(a.effectiveIndent < b.effectiveIndent);
  return INDENT_WEIGHT * cmp + (a.penalty - b.penalty);
}

// measure_split + score_add_split from xdiffi.c.
function scoreSplit(f: CompactFile, split: number, s: { effectiveIndent: number; penalty: number }): void {
  const n = f.ids.length;
  const endOfFile = split >= n;
  const lineIndent = endOfFile ? -1 : f.indent[split]!;
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = f.indent[i]!;
    if (preIndent !== -1) break;
    preBlank += 1;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlankRun = 0;
  let postIndent = -1;
  for (let i = split + 1; i < n; i++) {
    postIndent = f.indent[i]!;
    if (postIndent !== -1) break;
    postBlankRun += 1;
    if (postBlankRun === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }

  if (preIndent === -1 && preBlank === 0) s.penalty += START_OF_FILE_PENALTY;
  if (endOfFile) s.penalty += END_OF_FILE_PENALTY;
  const postBlank = lineIndent === -1 ? 1 + postBlankRun : 0;
  const totalBlank = preBlank + postBlank;
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank;
  s.penalty += POST_BLANK_WEIGHT * postBlank;
  const indent = lineIndent !== -1 ? lineIndent : postIndent;
  const anyBlanks = totalBlank !== 0;
  s.effectiveIndent += indent;
  if (indent === -1 || preIndent === -1 || indent === preIndent) return;
  if (indent > preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (postIndent !== -1 && postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}
