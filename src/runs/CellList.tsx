import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IAnnotatedCell } from './cellOrder';
import { ValueFormat } from '../common/valueFormat';

/**
 * A run's executed cells in the order they ran, each with its execution
 * count, duration, re-run and out-of-order marks, and its error.
 */
export function CellList(props: {
  cells: readonly IAnnotatedCell[];
  trans: TranslationBundle;
}): JSX.Element {
  const { cells, trans } = props;
  if (cells.length === 0) {
    return (
      <p className="jp-mlopsLab-RunView-empty">
        {trans.__('No cell was executed in this run.')}
      </p>
    );
  }
  return (
    <ol
      className="jp-mlopsLab-CellList"
      aria-label={trans.__('Executed cells')}
    >
      {cells.map(item => (
        <CellItem key={item.cell.seq} item={item} trans={trans} />
      ))}
    </ol>
  );
}

function CellItem(props: {
  item: IAnnotatedCell;
  trans: TranslationBundle;
}): JSX.Element {
  const { item, trans } = props;
  const { cell } = item;
  const failed = cell.status === 'error';
  const label = trans.__(
    'Cell %1, execution %2',
    cell.cell_id ?? trans.__('without id'),
    cell.seq
  );
  return (
    <li
      className={'jp-mlopsLab-CellList-cell' + (failed ? ' jp-mod-error' : '')}
      aria-label={label}
    >
      <div className="jp-mlopsLab-CellList-header">
        <span className="jp-mlopsLab-CellList-prompt">
          [{cell.execution_count ?? ' '}]
        </span>
        <span className="jp-mlopsLab-CellList-id" title={trans.__('Cell id')}>
          {cell.cell_id ?? trans.__('(no id)')}
        </span>
        {item.rerun && (
          <span
            className="jp-mlopsLab-CellList-mark jp-mod-rerun"
            title={trans.__(
              'This cell ran %1 times so far in the run',
              item.execution
            )}
          >
            {trans.__('re-run #%1', item.execution)}
          </span>
        )}
        {item.outOfOrder && (
          <span
            className="jp-mlopsLab-CellList-mark jp-mod-outOfOrder"
            title={trans.__(
              'This cell sits above the cell that ran before it: the run went back up the notebook'
            )}
          >
            {trans.__('out of order')}
          </span>
        )}
        <span className="jp-mlopsLab-CellList-duration">
          {ValueFormat.milliseconds(cell.duration_ms)}
        </span>
      </div>
      <pre className="jp-mlopsLab-Code">{cell.code}</pre>
      {cell.error && (
        <p className="jp-mlopsLab-CellList-error" role="note">
          <strong>{cell.error.name}</strong>: {cell.error.value}
        </p>
      )}
      {(cell.variables.length > 0 || cell.files.length > 0) && (
        <p className="jp-mlopsLab-CellList-effects">
          {cell.variables.map(variable => (
            <span
              key={`v-${variable.name}`}
              className={`jp-mlopsLab-CellList-effect jp-mod-${variable.change}`}
            >
              {variable.name} ({variable.change})
            </span>
          ))}
          {cell.files.map(file => (
            <span
              key={`f-${file.path}-${file.mode}`}
              className="jp-mlopsLab-CellList-effect jp-mod-file"
            >
              {file.mode === 'read' ? '← ' : '→ '}
              {file.path}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}
