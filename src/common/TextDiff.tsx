import * as React from 'react';

import { IDiffLine, ISideBySideRow, TextDiff } from './diffRows';

/**
 * A unified diff, one line per row, coloured by kind.
 */
export function UnifiedDiff(props: {
  /**
   * The diff text, or lines made otherwise (a whole added cell).
   */
  diff: string | IDiffLine[];
  label: string;
  /**
   * Leave out the `---`/`+++` file lines (a title says what is compared).
   */
  hideFileHeaders?: boolean;
}): JSX.Element {
  const parsed =
    typeof props.diff === 'string'
      ? TextDiff.parseUnified(props.diff)
      : props.diff;
  const lines = props.hideFileHeaders
    ? parsed.filter(line => line.kind !== 'header')
    : parsed;
  return (
    <pre className="jp-mlopsLab-Diff jp-mod-unified" aria-label={props.label}>
      {lines.map((line, i) => (
        <div key={i} className={`jp-mlopsLab-Diff-line jp-mod-${line.kind}`}>
          <span className="jp-mlopsLab-Diff-sign" aria-hidden="true">
            {SIGNS[line.kind]}
          </span>
          <span className="jp-mlopsLab-Diff-text">
            {SPOKEN[line.kind] && (
              <span className="jp-mlopsLab-visuallyHidden">
                {SPOKEN[line.kind]}
              </span>
            )}
            {line.text}
          </span>
        </div>
      ))}
    </pre>
  );
}

/**
 * Two texts side by side, the old on the left, changed lines aligned.
 */
export function SideBySideDiff(props: {
  before: string;
  after: string;
  label: string;
  beforeLabel: string;
  afterLabel: string;
}): JSX.Element {
  const rows = React.useMemo(
    () => TextDiff.sideBySide(props.before, props.after),
    [props.before, props.after]
  );
  return (
    <table
      className="jp-mlopsLab-Diff jp-mod-sideBySide"
      aria-label={props.label}
    >
      <thead>
        <tr>
          <th scope="col" colSpan={2}>
            {props.beforeLabel}
          </th>
          <th scope="col" colSpan={2}>
            {props.afterLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <SideBySideRow key={i} row={row} />
        ))}
      </tbody>
    </table>
  );
}

function SideBySideRow(props: { row: ISideBySideRow }): JSX.Element {
  const { row } = props;
  const leftKind =
    row.kind === 'same' ? 'context' : row.left ? 'removed' : 'empty';
  const rightKind =
    row.kind === 'same' ? 'context' : row.right ? 'added' : 'empty';
  return (
    <tr className={`jp-mlopsLab-Diff-row jp-mod-${row.kind}`}>
      <td className="jp-mlopsLab-Diff-number">{row.left?.number ?? ''}</td>
      <td className={`jp-mlopsLab-Diff-text jp-mod-${leftKind}`}>
        {row.left?.text ?? ''}
      </td>
      <td className="jp-mlopsLab-Diff-number">{row.right?.number ?? ''}</td>
      <td className={`jp-mlopsLab-Diff-text jp-mod-${rightKind}`}>
        {row.right?.text ?? ''}
      </td>
    </tr>
  );
}

const SIGNS: { [kind in IDiffLine['kind']]: string } = {
  added: '+',
  removed: '-',
  context: ' ',
  hunk: '',
  header: ''
};

/**
 * What a screen reader says before a line, as colour says it on screen.
 */
const SPOKEN: { [kind in IDiffLine['kind']]: string } = {
  added: 'added: ',
  removed: 'removed: ',
  context: '',
  hunk: '',
  header: ''
};
