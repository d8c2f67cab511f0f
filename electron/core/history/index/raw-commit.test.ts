import { describe, expect, it } from 'vitest';
import { parseCommit } from '../../git/fast';
import { BlockWriter, encodeBlock } from './format';
import { recordFromParsed } from './builder';
import { addCommitBytes } from './raw-commit';

const TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const PARENT = 'a'.repeat(40);
const OID = 'b'.repeat(40);

/** A commit object's bytes from header lines and a message (Buffers allow any bytes). */
function raw(headers: Array<string | Buffer>, message: string | Buffer | null): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) parts.push(Buffer.from(h), Buffer.from('\n'));
  if (message !== null) parts.push(Buffer.from('\n'), Buffer.from(message));
  return Buffer.concat(parts);
}

const sig = (who: string | Buffer, rest = '1700000000 +0200'): Buffer => Buffer.concat([Buffer.from(who), Buffer.from(` ${rest}`)]);
const head = (author: string | Buffer, committer: string | Buffer = author): Array<string | Buffer> => [
  `tree ${TREE}`,
  `parent ${PARENT}`,
  Buffer.concat([Buffer.from('author '), Buffer.from(author)]),
  Buffer.concat([Buffer.from('committer '), Buffer.from(committer)]),
];

/** The block parseCommit's fields give (the builder's other path). */
function viaParse(data: Buffer, paths: number[]): Buffer {
  return encodeBlock({ complete: false, tips: [], newPaths: [], commits: [recordFromParsed({ oid: OID, tree: TREE, parents: [PARENT], raw: data }, paths)] });
}

function viaBytes(data: Buffer, paths: number[]): Buffer | null {
  const w = new BlockWriter();
  return addCommitBytes(w, { oid: OID, tree: TREE, parents: [PARENT], raw: data }, paths) ? w.finish(false, []) : null;
}

const INVALID = Buffer.from([0x66, 0xff, 0xfe, 0x6f]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const CASES: Array<[string, Buffer]> = [
  ['plain', raw(head(sig('Ada Lovelace <ada@example.test>')), 'subject\n\nbody\n')],
  ['unicode inside names', raw(head(sig('Zoë Müller <zoë@example.test>'), sig('José Núñez <jose@example.test>')), 'ünïcödé 😀\n')],
  ['unicode at a name end', raw(head(sig('山田 太郎 <taro@example.test>')), 'x\n')],
  ['no-break spaces around a name (trimmed by JS)', raw(head(sig('\u00a0Ada\u00a0 <a@b>')), 'x\n')],
  ['ASCII whitespace around a name', raw(head(sig(' \t Ada \t <a@b>')), 'x\n')],
  ['empty name and email', raw(head(sig('<>')), 'x\n')],
  ['no angle brackets', raw(head('Just A Name 1700000000 +0200'), 'x\n')],
  ['no closing bracket', raw(head('Name <email 1700000000 +0200'), 'x\n')],
  ['invalid UTF-8 in a name', raw(head(sig(Buffer.concat([INVALID, Buffer.from(' <a@b>')]))), 'x\n')],
  ['invalid UTF-8 in an email', raw(head(sig(Buffer.concat([Buffer.from('N <'), INVALID, Buffer.from('>')]))), 'x\n')],
  ['a BOM before the name', raw(head(sig(Buffer.concat([BOM, Buffer.from('Ada <a@b>')]))), 'x\n')],
  ['invalid UTF-8 in the message', raw(head(sig('A <a@b>')), Buffer.concat([Buffer.from('bad '), INVALID, Buffer.from('\n')]))],
  ['a BOM at the message start', raw(head(sig('A <a@b>')), Buffer.concat([BOM, Buffer.from('subject\n')]))],
  ['empty message', raw(head(sig('A <a@b>')), '')],
  ['no blank line', raw(head(sig('A <a@b>')), null)],
  ['negative zone', raw(head(sig('A <a@b>', '1700000000 -0730')), 'x\n')],
  ['minus zero zone', raw(head(sig('A <a@b>', '1700000000 -0000')), 'x\n')],
  ['short zone', raw(head(sig('A <a@b>', '1700000000 +05')), 'x\n')],
  ['no zone', raw(head(sig('A <a@b>', '1700000000')), 'x\n')],
  ['no time', raw(head('A <a@b>'), 'x\n')],
  ['junk time', raw(head(sig('A <a@b>', '17x00 +0100')), 'x\n')],
  ['leading zeros', raw(head(sig('A <a@b>', '0001700000000 +0100')), 'x\n')],
  ['a time beyond 2^53', raw(head(sig('A <a@b>', '99999999999999999999 +0100')), 'x\n')],
  ['tabs and extra fields after the email', raw(head(sig('A <a@b>', '\t1700000000\t+0100 extra')), 'x\n')],
  ['a non-ASCII space in the time part', raw(head(sig('A <a@b>', '1700000000\u00a0+0100')), 'x\n')],
  ['a different committer', raw(head(sig('A <a@b>', '1 +0100'), sig('C <c@d>', '2 -0100')), 'x\n')],
  ['no committer', raw([`tree ${TREE}`, `parent ${PARENT}`, 'author A <a@b> 5 +0000'], 'x\n')],
  ['no author', raw([`tree ${TREE}`, `parent ${PARENT}`, 'committer C <c@d> 5 +0000'], 'x\n')],
  ['"author" without a value, then another author line', raw([`tree ${TREE}`, 'author', 'author B <b@c> 5 +0000', 'committer C <c@d> 6 +0000'], 'x\n')],
  ['two author lines (the first counts)', raw([`tree ${TREE}`, 'author A <a@b> 5 +0000', 'author B <b@c> 6 +0000', 'committer C <c@d> 7 +0000'], 'x\n')],
  ['gpgsig and mergetag continuation lines', raw([...head(sig('A <a@b>')), 'gpgsig -----BEGIN PGP SIGNATURE-----', ' author X <x@y> 9 +0000', ' -----END PGP SIGNATURE-----', 'mergetag object abc', ' tagger T <t@u> 1 +0000'], 'signed\n')],
  ['a long message', raw(head(sig('A <a@b>')), `${'line of text\n'.repeat(500)}é\n`)],
];

describe('history index records from commit bytes', () => {
  it.each(CASES)('%s: the same bytes as through parseCommit', (_, data) => {
    const paths = [3, 1, 4];
    expect(viaBytes(data, paths)).toEqual(viaParse(data, paths));
  });

  it('leaves commits with an encoding header or a bad parent line to parseCommit', () => {
    expect(viaBytes(raw([...head(sig('A <a@b>')), 'encoding ISO-8859-1'], Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])), [])).toBeNull();
    expect(viaBytes(raw([...head(sig('A <a@b>')), 'encoding UTF-8'], 'x\n'), [])).toBeNull();
    const badParent = raw([`tree ${TREE}`, `parent ${'g'.repeat(40)}`, 'author A <a@b> 1 +0000', 'committer A <a@b> 1 +0000'], 'x\n');
    expect(viaBytes(badParent, [])).toBeNull();
    expect(() => parseCommit(badParent)).toThrow();
  });
});
