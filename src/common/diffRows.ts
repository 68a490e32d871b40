import { diffLines } from 'diff';

/**
 * One line of a unified diff.
 */
export interface IDiffLine {
  kind: 'added' | 'removed' | 'context' | 'hunk' | 'header';
  text: string;
}

/**
 * One row of a side-by-side diff: the old line on the left, the new on the
 * right, with their line numbers; a side is null where the other side's
 * line was added or removed.
 */
export interface ISideBySideRow {
  kind: 'same' | 'changed' | 'added' | 'removed';
  left: { number: number; text: string } | null;
  right: { number: number; text: string } | null;
}

/**
 * Text diffs of cell code and git changes, for display.
 */
export namespace TextDiff {
  /**
   * The lines of a unified diff text (as the server and git write it).
   */
  export function parseUnified(diff: string): IDiffLine[] {
    return splitLines(diff).map(line => {
      if (line.startsWith('+++') || line.startsWith('---')) {
        return { kind: 'header', text: line };
      }
      if (line.startsWith('diff ') || line.startsWith('index ')) {
        return { kind: 'header', text: line };
      }
      if (line.startsWith('@@')) {
        return { kind: 'hunk', text: line };
      }
      if (line.startsWith('+')) {
        return { kind: 'added', text: line.slice(1) };
      }
      if (line.startsWith('-')) {
        return { kind: 'removed', text: line.slice(1) };
      }
      return {
        kind: 'context',
        text: line.startsWith(' ') ? line.slice(1) : line
      };
    });
  }

  /**
   * Two texts as unified diff lines with full context, for when no diff
   * text came with them.
   */
  export function unifiedFallback(before: string, after: string): IDiffLine[] {
    const lines: IDiffLine[] = [];
    for (const change of diffLines(before, after)) {
      const kind = change.added
        ? 'added'
        : change.removed
          ? 'removed'
          : 'context';
      for (const text of splitLines(change.value)) {
        lines.push({ kind, text });
      }
    }
    return lines;
  }

  /**
   * A whole text as added (a new cell) or removed (a cell that went away).
   */
  export function whole(text: string, kind: 'added' | 'removed'): IDiffLine[] {
    return splitLines(text).map(line => ({ kind, text: line }));
  }

  /**
   * Two texts line by line, side by side: a run of removed lines followed by
   * a run of added ones pairs up as changed lines.
   */
  export function sideBySide(before: string, after: string): ISideBySideRow[] {
    const rows: ISideBySideRow[] = [];
    let left = 1;
    let right = 1;
    let removed: string[] = [];
    const flushRemoved = (added: string[]) => {
      const pairs = Math.max(removed.length, added.length);
      for (let i = 0; i < pairs; i++) {
        const old = i < removed.length ? removed[i] : null;
        const now = i < added.length ? added[i] : null;
        rows.push({
          kind:
            old !== null && now !== null
              ? 'changed'
              : old !== null
                ? 'removed'
                : 'added',
          left: old !== null ? { number: left++, text: old } : null,
          right: now !== null ? { number: right++, text: now } : null
        });
      }
      removed = [];
    };
    // A last line without its newline is the same line as with one.
    const terminated = (text: string) =>
      text.length === 0 || text.endsWith('\n') ? text : text + '\n';
    for (const change of diffLines(terminated(before), terminated(after))) {
      const lines = splitLines(change.value);
      if (change.removed) {
        removed = removed.concat(lines);
      } else if (change.added) {
        flushRemoved(lines);
      } else {
        flushRemoved([]);
        for (const line of lines) {
          rows.push({
            kind: 'same',
            left: { number: left++, text: line },
            right: { number: right++, text: line }
          });
        }
      }
    }
    flushRemoved([]);
    return rows;
  }
}

/**
 * The lines of a text; a final newline does not start an empty line.
 */
function splitLines(text: string): string[] {
  if (text.length === 0) {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}
