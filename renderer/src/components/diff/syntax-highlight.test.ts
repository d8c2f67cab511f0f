import { describe, expect, it } from 'vitest';
import { highlightLines } from './syntax-highlight';

describe('highlightLines', () => {
  it('colours a TypeScript file line by line, splitting tokens that span lines', async () => {
    const lines = ['const a = "x"; /* one', 'two */ let b = 2;'];
    const tokens = await highlightLines(lines, 'src/app.ts');
    expect(tokens).not.toBeNull();
    const classesAt = (l: number, text: string) => tokens![l]!.find((t) => lines[l]!.slice(t.from, t.to) === text)?.classes;
    expect(classesAt(0, 'const')).toContain('tok-keyword');
    expect(classesAt(0, '"x"')).toContain('tok-string');
    expect(classesAt(0, '/* one')).toContain('tok-comment');
    expect(classesAt(1, 'two */')).toContain('tok-comment');
    expect(classesAt(1, '2')).toContain('tok-number');
  });

  it('colours legacy-mode languages (shell) and skips unknown ones', async () => {
    const shell = await highlightLines(['# note', 'echo "hi"'], 'deploy.sh');
    expect(shell?.[0]?.[0]?.classes).toContain('tok-comment');
    expect(await highlightLines(['plain'], 'notes.unknownext')).toBeNull();
  });

  it('colours a file longer than one colouring chunk the same on every line', async () => {
    // ~90 KB: coloured in several chunks, with tokens cut at the chunk edges.
    const lines = Array.from({ length: 3000 }, (_, i) => `const value_${i} = "text ${i}";`);
    const tokens = await highlightLines(lines, 'big.ts');
    expect(tokens).toHaveLength(lines.length);
    lines.forEach((text, l) => {
      const spans = tokens![l]!;
      for (const t of spans) expect(t.to).toBeLessThanOrEqual(text.length);
      const joined = (cls: string) => spans.filter((t) => t.classes.includes(cls)).map((t) => text.slice(t.from, t.to)).join('');
      expect(joined('tok-string')).toBe(`"text ${l}"`);
      expect(joined('tok-keyword')).toBe('const');
    });
  });
});
