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
});
