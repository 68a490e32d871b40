import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { List, ListImperativeAPI } from 'react-window';

import { IRunSort, IRunsModel, RunSortKey } from '../tokens';
import { IRunRowProps, ROW_HEIGHT, RunRow } from './RunRow';

/**
 * The Experiments panel: run count, sort, and the run list.
 */
export function RunsView(props: RunsView.IProps): JSX.Element {
  const { model, trans } = props;
  const version = useModelVersion(model);
  const now = useClock(model.hasRunningRuns);
  const listRef = React.useRef<ListImperativeAPI>(null);

  const compatible = model.compatibility.status === 'compatible';
  const onSort = (sort: IRunSort) => {
    model.sort = sort;
    if (model.total > 0) {
      listRef.current?.scrollToRow({ index: 0 });
    }
  };
  const rowProps: IRunRowProps = { model, now, trans, version };

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
        <SortBar sort={model.sort} onSort={onSort} trans={trans} />
      )}
      <Body model={model} trans={trans} />
      {compatible && model.isLoaded && model.total > 0 && (
        <List
          aria-label={trans.__('Runs')}
          className="jp-mlopsLab-RunList"
          listRef={listRef}
          onRowsRendered={(_visible, all) =>
            void model.showRange(all.startIndex, all.stopIndex)
          }
          overscanCount={10}
          rowComponent={RunRow}
          rowCount={model.total}
          rowHeight={ROW_HEIGHT}
          rowProps={rowProps}
        />
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
  }
}

/**
 * What the panel says instead of, or above, the list.
 */
function Body(props: RunsView.IProps): JSX.Element | null {
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
  if (model.isLoaded && model.total === 0) {
    return (
      <p className="jp-mlopsLab-RunsPanel-empty">
        {trans.__(
          'No runs yet. Run a notebook with %load_ext mlops_lab in its first cell and its runs appear here.'
        )}
      </p>
    );
  }
  return null;
}

/**
 * The sort column and direction.
 */
function SortBar(props: {
  sort: IRunSort;
  onSort: (sort: IRunSort) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { sort, onSort, trans } = props;
  const keys: [RunSortKey, string][] = [
    ['started_at', trans.__('Start time')],
    ['ended_at', trans.__('End time')],
    ['duration', trans.__('Duration')],
    ['status', trans.__('Status')],
    ['name', trans.__('Name')],
    ['notebook', trans.__('Notebook')],
    ['experiment', trans.__('Experiment')]
  ];
  const descending = sort.order === 'desc';
  return (
    <div className="jp-mlopsLab-RunsPanel-sort">
      <label className="jp-mlopsLab-RunsPanel-sortLabel">
        {trans.__('Sort by')}
        <select
          className="jp-mod-styled jp-mlopsLab-RunsPanel-sortKey"
          value={sort.key}
          onChange={event =>
            onSort({ ...sort, key: event.target.value as RunSortKey })
          }
        >
          {keys.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="jp-mlopsLab-RunsPanel-sortOrder jp-Button jp-mod-minimal"
        aria-label={
          descending ? trans.__('Sort descending') : trans.__('Sort ascending')
        }
        title={
          descending
            ? trans.__('Descending; click for ascending')
            : trans.__('Ascending; click for descending')
        }
        onClick={() => onSort({ ...sort, order: descending ? 'asc' : 'desc' })}
      >
        {descending ? '↓' : '↑'}
      </button>
    </div>
  );
}

/**
 * A number that changes whenever the model does.
 */
function useModelVersion(model: IRunsModel): number {
  const [version, setVersion] = React.useState(0);
  React.useEffect(() => {
    const onChanged = () => setVersion(value => value + 1);
    model.changed.connect(onChanged);
    return () => {
      model.changed.disconnect(onChanged);
    };
  }, [model]);
  return version;
}

/**
 * The time, ticking every second while `active`.
 */
function useClock(active: boolean): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!active) {
      return;
    }
    // The clock stood still while nothing ran: catch up at once, or a run
    // that just appeared shows a duration of 0 until the first tick.
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}
