import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { List, ListImperativeAPI } from 'react-window';

import { IRun } from './runsTypes';
import { IRunsModel } from '../tokens';
import { RunListHeader } from './RunListHeader';
import { IRunRowProps, ROW_HEIGHT, RunRow } from './RunRow';
import { RunColumns } from './runColumns';
import { RunsToolbar } from './RunsToolbar';
import { useSignalVersion } from '../common/useSignalVersion';
import { useClock } from '../common/useClock';

/**
 * The Experiments panel's run list: scope, filter, columns, the selection's
 * actions, and the virtualized rows.
 */
export function RunsView(props: RunsView.IProps): JSX.Element {
  const { model, trans } = props;
  const version = useSignalVersion(model.changed);
  const now = useClock(model.hasRunningRuns);
  const listRef = React.useRef<ListImperativeAPI>(null);
  const headerRef = React.useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = React.useState(0);
  // The row the keys act on. The arrows move it at once, while the DOM focus
  // follows on the next frame: a key pressed in between (ArrowDown then Enter,
  // typed fast) still reaches the old row, and must act on the new one.
  const cursor = React.useRef(0);
  const moveFocus = (index: number) => {
    cursor.current = index;
    setFocusIndex(index);
  };

  const compatible = model.compatibility.status === 'compatible';
  // Chosen columns are computed afresh on every change: compare by value.
  const columnIds = model.columns.join('\n');
  const team = model.scope === 'team';
  const columns = React.useMemo(
    () => RunColumns.columns(model.columns, trans, { by: team }),
    [columnIds, team, trans]
  );
  // A column's numbers share one format, across the runs loaded.
  const formats = React.useMemo(
    () => RunColumns.formats(model, columns),
    [version, columns]
  );
  const grid = React.useMemo(() => RunColumns.grid(columns), [columns]);

  const toTop = () => {
    moveFocus(0);
    if (model.total > 0) {
      listRef.current?.scrollToRow({ index: 0 });
    }
  };
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(model.total - 1, index));
    moveFocus(target);
    listRef.current?.scrollToRow({ index: target, align: 'auto' });
    requestAnimationFrame(() => {
      listRef.current?.element
        ?.querySelector<HTMLElement>(`[aria-posinset="${target + 1}"]`)
        ?.focus();
    });
    return target;
  };
  const onRowKeyDown = (event: React.KeyboardEvent) => {
    const index = cursor.current;
    const run = model.runAt(index);
    switch (event.key) {
      case 'Enter':
        if (run) {
          props.onOpen(run);
        }
        break;
      case ' ':
        model.selectAt(index, 'toggle');
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const target = focusRow(index + (event.key === 'ArrowDown' ? 1 : -1));
        model.selectAt(target, event.shiftKey ? 'extend' : 'replace');
        break;
      }
      case 'Escape':
        model.selection.clear();
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  const rowProps: IRunRowProps = {
    model,
    now,
    trans,
    version,
    columns,
    formats,
    grid,
    focusIndex,
    onOpen: props.onOpen,
    onRowKeyDown,
    onRowFocus: moveFocus
  };

  return (
    <div className="jp-mlopsLab-RunsPanel-content">
      <div className="jp-mlopsLab-RunsPanel-header">
        <h2 className="jp-mlopsLab-RunsPanel-title">
          {trans.__('Experiments')}
        </h2>
        {compatible && model.isLoaded && (
          <span
            className="jp-mlopsLab-RunsPanel-count"
            aria-live="polite"
            title={model.info ? trans.__('Store: %1', model.info.store) : ''}
          >
            {trans._n('%1 run', '%1 runs', model.total)}
          </span>
        )}
        <button
          type="button"
          className="jp-mlopsLab-RunsPanel-refresh jp-Button jp-mod-minimal"
          aria-label={trans.__('Refresh runs')}
          title={trans.__('Refresh runs')}
          onClick={() => void model.refresh()}
        >
          <refreshIcon.react tag="span" />
        </button>
      </div>
      {compatible && (
        <RunsToolbar
          model={model}
          trans={trans}
          onCompare={props.onCompare}
          onQueryChanged={toTop}
        />
      )}
      <Body model={model} trans={trans} />
      {compatible && model.isLoaded && model.total > 0 && (
        <>
          <RunListHeader
            columns={columns}
            grid={grid}
            headerRef={headerRef}
            sort={model.sort}
            onSort={sort => {
              model.sort = sort;
              toTop();
            }}
            trans={trans}
          />
          <List
            aria-label={trans.__('Runs')}
            className="jp-mlopsLab-RunList"
            listRef={listRef}
            onRowsRendered={(_visible, all) =>
              void model.showRange(all.startIndex, all.stopIndex)
            }
            onScroll={event => {
              if (headerRef.current) {
                headerRef.current.scrollLeft = event.currentTarget.scrollLeft;
              }
            }}
            overscanCount={10}
            rowComponent={RunRow}
            rowCount={model.total}
            rowHeight={ROW_HEIGHT}
            rowProps={rowProps}
          />
        </>
      )}
    </div>
  );
}

/**
 * A namespace for `RunsView` statics.
 */
export namespace RunsView {
  export interface IProps {
    model: IRunsModel;
    trans: TranslationBundle;
    /**
     * Open a run (double-click, Enter).
     */
    onOpen: (run: IRun) => void;
    /**
     * Compare the selected runs.
     */
    onCompare: () => void;
  }
}

/**
 * What the panel says instead of, or above, the list.
 */
function Body(props: {
  model: IRunsModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, trans } = props;
  const { status, message } = model.compatibility;
  if (status === 'checking') {
    return (
      <p className="jp-mlopsLab-RunsPanel-message">
        {trans.__('Connecting to the mlops-lab server extension…')}
      </p>
    );
  }
  if (status !== 'compatible') {
    return (
      <p className="jp-mlopsLab-RunsPanel-message jp-mod-warning" role="alert">
        {message}
      </p>
    );
  }
  if (model.error !== null) {
    return (
      <p className="jp-mlopsLab-RunsPanel-message jp-mod-error" role="alert">
        {trans.__('Could not load runs: %1', model.error)}
      </p>
    );
  }
  if (model.isLoaded && model.total === 0 && model.filterError === null) {
    return (
      <p className="jp-mlopsLab-RunsPanel-empty">{emptyText(model, trans)}</p>
    );
  }
  return null;
}

/**
 * Why the list is empty, and what to do.
 */
function emptyText(model: IRunsModel, trans: TranslationBundle): string {
  if (model.filter) {
    return trans.__('No runs match the filter.');
  }
  if (model.scope === 'team') {
    return trans.__(
      "No runs pulled from a team's remote yet. Add one with mlops-lab remote add NAME URL, then mlops-lab pull NAME brings its runs here."
    );
  }
  if (model.scopedNotebook !== null) {
    return trans.__(
      'No runs of %1 yet. Run its cells and its run appears here; or show all experiments.',
      model.scopedNotebook
    );
  }
  return trans.__(
    'No runs yet. Run a notebook with %load_ext mlops_lab in its first cell and its runs appear here.'
  );
}
