import { ReadonlyJSONValue } from '@lumino/coreutils';
import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { RowComponentProps } from 'react-window';

import { IRun, RunStatus } from './runsTypes';
import { IRunsModel, SelectionMode } from '../tokens';
import { RunColumns } from './runColumns';
import { RunFormat } from './runFormat';
import { RunOrigin } from '../remote/runOrigin';

/**
 * The height of one row, in pixels.
 */
export const ROW_HEIGHT = 40;

/**
 * What every row of the run list is given besides its index.
 */
export interface IRunRowProps {
  model: IRunsModel;
  /**
   * The clock for the duration of running runs, in ms since the epoch.
   */
  now: number;
  trans: TranslationBundle;
  /**
   * Changes whenever the model does, so the list renders rows again.
   */
  version: number;
  columns: RunColumns.IColumn[];
  /**
   * How each param or metric column writes its values.
   */
  formats: RunColumns.Formats;
  /**
   * The grid layout shared with the column header.
   */
  grid: React.CSSProperties;
  /**
   * The row that takes the keyboard focus when the list is tabbed into.
   */
  focusIndex: number;
  onOpen: (run: IRun) => void;
  /** A key pressed on a row: it acts on the row the keyboard is at (see RunsView). */
  onRowKeyDown: (event: React.KeyboardEvent) => void;
  onRowFocus: (index: number) => void;
}

/**
 * One run of the list; a placeholder while its page is on its way.
 */
export function RunRow(props: RowComponentProps<IRunRowProps>): JSX.Element {
  const { ariaAttributes, columns, grid, index, model, style, trans } = props;
  const run = model.runAt(index);
  if (!run) {
    return (
      <div
        {...ariaAttributes}
        aria-busy="true"
        aria-label={trans.__('Loading run %1', index + 1)}
        className="jp-mlopsLab-RunList-row jp-mod-loading"
        style={{ ...style, ...grid }}
      />
    );
  }
  const name = RunFormat.name(run);
  const status = statusLabel(run.status, trans);
  const selected = model.selection.has(run.id);
  const select = (mode: SelectionMode) => model.selectAt(index, mode);
  const origin = RunOrigin.of(run);
  const title = trans.__('Run %1 of %2', run.id, run.experiment);
  return (
    <div
      {...ariaAttributes}
      aria-label={trans.__('%1, %2', name, status)}
      className={
        `jp-mlopsLab-RunList-row jp-mod-${run.status}` +
        (selected ? ' jp-mod-selected' : '') +
        (origin ? ' jp-mod-pulled' : '')
      }
      data-run-id={run.id}
      data-run-name={name}
      style={{ ...style, ...grid }}
      tabIndex={index === props.focusIndex ? 0 : -1}
      data-run-pulled={origin ? origin.remote : undefined}
      title={
        origin ? `${title}\n${RunOrigin.readOnlyReason(origin, trans)}` : title
      }
      onClick={event => select(Private.clickMode(event))}
      onContextMenu={() => {
        // The context menu's commands act on the selection: a right-click
        // outside it selects the row first, as in the file browser.
        if (!selected) {
          select('replace');
        }
      }}
      onDoubleClick={() => props.onOpen(run)}
      onFocus={() => props.onRowFocus(index)}
      onKeyDown={props.onRowKeyDown}
    >
      <span className="jp-mlopsLab-RunList-check">
        <input
          type="checkbox"
          aria-label={trans.__('Select %1', name)}
          checked={selected}
          tabIndex={-1}
          onClick={event => event.stopPropagation()}
          onChange={() => select('toggle')}
        />
      </span>
      {columns.map(column => (
        <Cell
          key={column.id}
          column={column}
          run={run}
          now={props.now}
          format={props.formats[column.id]}
          status={status}
          trans={trans}
        />
      ))}
    </div>
  );
}

/**
 * One column of a run's row.
 */
function Cell(props: {
  column: RunColumns.IColumn;
  run: IRun;
  now: number;
  format?: (value: ReadonlyJSONValue | undefined) => string;
  status: string;
  trans: TranslationBundle;
}): JSX.Element {
  const { column, run, trans } = props;
  switch (column.id) {
    case 'name': {
      const notebook = run.notebook ?? run.experiment;
      return (
        <span className="jp-mlopsLab-RunList-nameCell">
          <span className="jp-mlopsLab-RunList-statusDot" aria-hidden="true" />
          <span className="jp-mlopsLab-RunList-name">
            {RunFormat.name(run)}
          </span>
          <span className="jp-mlopsLab-RunList-notebook" title={notebook}>
            {PathExt.basename(notebook)}
          </span>
        </span>
      );
    }
    case 'status':
      return <span className="jp-mlopsLab-RunList-status">{props.status}</span>;
    case 'started_at':
      return (
        <time className="jp-mlopsLab-RunList-started" dateTime={run.started_at}>
          {RunFormat.startTime(run.started_at)}
        </time>
      );
    case 'duration':
      return (
        <span className="jp-mlopsLab-RunList-duration">
          {RunFormat.duration(RunFormat.elapsed(run, props.now))}
        </span>
      );
    case 'git':
      return <Commit run={run} trans={trans} />;
    case 'user': {
      const origin = RunOrigin.of(run);
      return (
        <span
          className="jp-mlopsLab-RunList-user"
          title={
            origin
              ? trans.__(
                  '%1, pulled from %2',
                  RunOrigin.user(run, trans),
                  RunOrigin.remoteText(origin)
                )
              : trans.__('Made here')
          }
        >
          {origin ? RunOrigin.user(run, trans) : '—'}
        </span>
      );
    }
    default: {
      const value = RunColumns.valueOf(run, column.id);
      const text = (props.format ?? RunColumns.formatValue)(value);
      return (
        <span
          className={
            'jp-mlopsLab-RunList-value' +
            (column.numeric ? ' jp-mod-number' : '')
          }
          title={`${column.label}: ${text}`}
        >
          {text}
        </span>
      );
    }
  }
}

/**
 * The short commit of a run, marked when the work tree was dirty.
 */
function Commit(props: { run: IRun; trans: TranslationBundle }): JSX.Element {
  const { run, trans } = props;
  const git = run.git ?? null;
  if (git === null) {
    return (
      <span
        className="jp-mlopsLab-RunList-commit"
        title={trans.__('Not in a git repository')}
      >
        —
      </span>
    );
  }
  const title = git.dirty
    ? trans.__(
        'Commit %1 on %2, with uncommitted changes',
        git.commit,
        git.branch ?? trans.__('a detached HEAD')
      )
    : trans.__(
        'Commit %1 on %2',
        git.commit,
        git.branch ?? trans.__('a detached HEAD')
      );
  return (
    <span className="jp-mlopsLab-RunList-commit" title={title}>
      {RunColumns.shortCommit(git.commit)}
      {git.dirty && (
        <span
          className="jp-mlopsLab-RunList-dirty"
          aria-label={trans.__('uncommitted changes')}
        >
          *
        </span>
      )}
    </span>
  );
}

function statusLabel(status: RunStatus, trans: TranslationBundle): string {
  switch (status) {
    case 'running':
      return trans.__('running');
    case 'finished':
      return trans.__('finished');
    case 'failed':
      return trans.__('failed');
    case 'killed':
      return trans.__('killed');
  }
}

namespace Private {
  /**
   * How a click changes the selection: shift extends, ctrl or cmd toggles.
   */
  export function clickMode(event: React.MouseEvent): SelectionMode {
    if (event.shiftKey) {
      return 'extend';
    }
    return event.ctrlKey || event.metaKey ? 'toggle' : 'replace';
  }
}
