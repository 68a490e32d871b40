import { TextDiff } from '../common/diffRows';

describe('TextDiff', () => {
  it('reads the lines of a unified diff', () => {
    const diff =
      '--- a\n+++ b\n@@ -1,2 +1,2 @@\n import pandas as pd\n-rows = 20\n+rows = 10\n';
    expect(TextDiff.parseUnified(diff)).toEqual([
      { kind: 'header', text: '--- a' },
      { kind: 'header', text: '+++ b' },
      { kind: 'hunk', text: '@@ -1,2 +1,2 @@' },
      { kind: 'context', text: 'import pandas as pd' },
      { kind: 'removed', text: 'rows = 20' },
      { kind: 'added', text: 'rows = 10' }
    ]);
  });

  it('aligns changed lines side by side, with line numbers', () => {
    const rows = TextDiff.sideBySide(
      'a = 1\nrows = 20\nprint(a)\n',
      'a = 1\nrows = 10\nextra = 2\nprint(a)\n'
    );
    expect(
      rows.map(row => [
        row.kind,
        row.left?.text ?? null,
        row.right?.text ?? null
      ])
    ).toEqual([
      ['same', 'a = 1', 'a = 1'],
      ['changed', 'rows = 20', 'rows = 10'],
      ['added', null, 'extra = 2'],
      ['same', 'print(a)', 'print(a)']
    ]);
    expect(rows.map(row => [row.left?.number, row.right?.number])).toEqual([
      [1, 1],
      [2, 2],
      [undefined, 3],
      [3, 4]
    ]);
  });

  it('shows a removed line on the left only', () => {
    const rows = TextDiff.sideBySide('x\ny', 'x');
    expect(rows.map(row => row.kind)).toEqual(['same', 'removed']);
    expect(rows[1].right).toBeNull();
  });

  it('writes a whole new cell as added lines', () => {
    expect(TextDiff.whole('a\nb', 'added')).toEqual([
      { kind: 'added', text: 'a' },
      { kind: 'added', text: 'b' }
    ]);
  });
});
