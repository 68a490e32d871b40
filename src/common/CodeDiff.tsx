import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { CompareModel, DiffMode, ICompareRow } from '../compare/compareModel';
import { TextDiff } from './diffRows';
import { ICodeEntry } from '../compare/compareTypes';
import { IRun } from '../runs/runsTypes';
import { changeLabel, runLabel } from '../compare/CompareTable';
import { SideBySideDiff, UnifiedDiff } from './TextDiff';

/**
 * The notebook cells of the compared runs, aligned by cell id: for each
 * changed cell the diff from the baseline to every run whose code differs,
 * new cells as added code, cells gone as removed code, and the cells that
 * are the same folded away.
 */
export function CodeDiff(props: {
  runs: IRun[];
  rows: ICompareRow<ICodeEntry>[];
  mode: DiffMode;
  trans: TranslationBundle;
  /**
   * A cell's place in the notebook (from 1), when known.
   */
  position?: (key: string) => number | null;
}): JSX.Element {
  const { rows, trans } = props;
  if (rows.length === 0) {
    return (
      <p className="jp-mlopsLab-CompareView-same">
        {trans.__('The code of every cell is the same in all runs.')}
      </p>
    );
  }
  return (
    <div className="jp-mlopsLab-CodeDiff">
      {rows.map(row => (
        <CellDiff key={row.entry.key} {...props} row={row} />
      ))}
    </div>
  );
}

function CellDiff(props: {
  runs: IRun[];
  row: ICompareRow<ICodeEntry>;
  mode: DiffMode;
  trans: TranslationBundle;
  position?: (key: string) => number | null;
}): JSX.Element {
  const { runs, row, mode, trans } = props;
  const { entry, change } = row;
  const position = props.position?.(entry.key) ?? null;
  const name =
    position === null
      ? trans.__('cell %1', entry.key)
      : trans.__('cell %1', position);
  const firstLine = codeFirstLine(entry);
  // The accessible name keeps the cell id: it is what stays put across runs.
  const label = trans.__('Cell %1, %2', entry.key, changeLabel(change, trans));
  const executions = entry.executions
    .map((count, i) =>
      entry.present[i] ? `${CompareModel.letter(i)} ×${count}` : null
    )
    .filter(Boolean)
    .join(', ');
  return (
    <section
      className={`jp-mlopsLab-CellDiff jp-mod-${change}`}
      aria-label={label}
    >
      <div className="jp-mlopsLab-CellDiff-header">
        <span
          className="jp-mlopsLab-CellDiff-id"
          title={trans.__('Cell id %1', entry.key)}
        >
          {name}
        </span>
        {firstLine && (
          <code className="jp-mlopsLab-CellDiff-firstLine">{firstLine}</code>
        )}
        <span className={`jp-mlopsLab-Badge jp-mod-${change}`}>
          {changeLabel(change, trans)}
        </span>
        <span
          className="jp-mlopsLab-CellDiff-executions"
          title={trans.__('How many times the cell ran in each run')}
        >
          {trans.__('ran %1', executions)}
        </span>
      </div>
      {change === 'unchanged' ? (
        <details className="jp-mlopsLab-Details">
          <summary>{trans.__('Same code in every run')}</summary>
          <pre className="jp-mlopsLab-Code">{entry.values[0] ?? ''}</pre>
        </details>
      ) : (
        runs.map((run, i) => (
          <RunCellDiff
            key={run.id}
            runs={runs}
            index={i}
            row={row}
            mode={mode}
            trans={trans}
          />
        ))
      )}
    </section>
  );
}

/**
 * How one run's cell differs from the baseline's, if it does.
 */
function RunCellDiff(props: {
  runs: IRun[];
  index: number;
  row: ICompareRow<ICodeEntry>;
  mode: DiffMode;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { runs, index, row, mode, trans } = props;
  const { entry } = row;
  const base = runLabel(runs[0], 0);
  const other = runLabel(runs[index], index);
  if (index === 0) {
    // The baseline's code shows only when other runs lack the cell.
    if (!entry.present[0] || entry.present.every(Boolean)) {
      return null;
    }
    return (
      <DiffBlock
        title={trans.__('%1, absent from %2', base, absentFrom(runs, entry))}
      >
        <UnifiedDiff
          diff={TextDiff.whole(entry.values[0] ?? '', 'removed')}
          label={trans.__('Code of %1', base)}
        />
      </DiffBlock>
    );
  }
  if (!entry.present[index] || !row.differs[index]) {
    return null;
  }
  if (!entry.present[0]) {
    return (
      <DiffBlock title={trans.__('New in %1', other)}>
        <UnifiedDiff
          diff={TextDiff.whole(entry.values[index] ?? '', 'added')}
          label={trans.__('Code of %1', other)}
        />
      </DiffBlock>
    );
  }
  const title = trans.__('%1 → %2', base, other);
  return (
    <DiffBlock title={title}>
      {mode === 'side-by-side' ? (
        <SideBySideDiff
          before={entry.values[0] ?? ''}
          after={entry.values[index] ?? ''}
          label={trans.__('Diff of %1', title)}
          beforeLabel={base}
          afterLabel={other}
        />
      ) : (
        <UnifiedDiff
          diff={
            entry.diffs[index] ??
            TextDiff.unifiedFallback(
              entry.values[0] ?? '',
              entry.values[index] ?? ''
            )
          }
          label={trans.__('Diff of %1', title)}
          hideFileHeaders
        />
      )}
    </DiffBlock>
  );
}

function DiffBlock(props: {
  title: string;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <div className="jp-mlopsLab-CellDiff-block">
      <div className="jp-mlopsLab-CellDiff-blockTitle">{props.title}</div>
      {props.children}
    </div>
  );
}

/**
 * The first line of a cell's code that says something (not blank, not a
 * comment), from the first run that has the cell.
 */
function codeFirstLine(entry: ICodeEntry): string {
  const code = entry.values.find(value => value !== null) ?? '';
  const lines = code.split('\n').map(line => line.trim());
  return (
    lines.find(line => line && !line.startsWith('#')) ??
    lines.find(Boolean) ??
    ''
  );
}

/**
 * The letters of the runs that lack a cell.
 */
function absentFrom(runs: IRun[], entry: ICodeEntry): string {
  return runs
    .map((_, i) => (entry.present[i] ? null : CompareModel.letter(i)))
    .filter(Boolean)
    .join(', ');
}
