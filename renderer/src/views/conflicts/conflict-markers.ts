/** One conflict as written in a file: `<<<<<<<` mine [`|||||||` base] `=======` theirs `>>>>>>>`. */
export interface MarkerBlock {
  /** Offsets in the text: from the start of the `<<<<<<<` line to after the `>>>>>>>` line. */
  from: number;
  to: number;
  /** 0-based line numbers of the opening and closing marker lines. */
  startLine: number;
  endLine: number;
  ours: string;
  base: string | null;
  theirs: string;
}

// Exactly seven marker characters, then a space and a label or the end of the line, as git writes them.
const OPEN = /^<{7}(?: .*)?$/;
const BASE = /^\|{7}(?: .*)?$/;
const SPLIT = /^={7}$/;
const CLOSE = /^>{7}(?: .*)?$/;

/** Every complete conflict block of a text, in order. Half-written blocks do not count. */
export function findMarkerBlocks(text: string): MarkerBlock[] {
  const blocks: MarkerBlock[] = [];
  const lines = text.split('\n');
  const offsets: number[] = [];
  let at = 0;
  for (const line of lines) {
    offsets.push(at);
    at += line.length + 1;
  }
  const body = (from: number, to: number): string => text.slice(offsets[from]!, offsets[to]!);
  let i = 0;
  while (i < lines.length) {
    if (!OPEN.test(stripCr(lines[i]!))) {
      i++;
      continue;
    }
    let baseAt = -1;
    let splitAt = -1;
    let closeAt = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const line = stripCr(lines[j]!);
      if (OPEN.test(line)) break;
      if (splitAt < 0 && baseAt < 0 && BASE.test(line)) baseAt = j;
      else if (splitAt < 0 && SPLIT.test(line)) splitAt = j;
      else if (splitAt >= 0 && CLOSE.test(line)) {
        closeAt = j;
        break;
      }
    }
    if (splitAt < 0 || closeAt < 0) {
      i++;
      continue;
    }
    const oursEnd = baseAt >= 0 ? baseAt : splitAt;
    blocks.push({
      from: offsets[i]!,
      to: Math.min(text.length, offsets[closeAt]! + lines[closeAt]!.length + 1),
      startLine: i,
      endLine: closeAt,
      ours: body(i + 1, oursEnd),
      base: baseAt >= 0 ? body(baseAt + 1, splitAt) : null,
      theirs: body(splitAt + 1, closeAt),
    });
    i = closeAt + 1;
  }
  return blocks;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** True while any complete conflict block is left in the text. */
export function hasConflictMarkers(text: string): boolean {
  return findMarkerBlocks(text).length > 0;
}

export type BlockChoice = 'ours' | 'theirs' | 'both';

/** The text with one conflict block replaced by the chosen side(s). Unknown index: unchanged. */
export function acceptBlock(text: string, blockIndex: number, choice: BlockChoice): string {
  const block = findMarkerBlocks(text)[blockIndex];
  if (!block) return text;
  const replacement = choice === 'ours' ? block.ours : choice === 'theirs' ? block.theirs : block.ours + block.theirs;
  // The closing marker was the file's last line without a newline: so is the replacement.
  const trimmed = block.to === text.length && !text.endsWith('\n') && replacement.endsWith('\n') ? replacement.slice(0, -1) : replacement;
  return text.slice(0, block.from) + trimmed + text.slice(block.to);
}
