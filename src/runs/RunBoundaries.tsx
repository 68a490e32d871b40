import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { RunFormat } from './runFormat';
import { MetricHistory, IRun } from './runsTypes';

/**
 * Where a run begins and ends inside its kernel's session: the run it
 * continues, the runs that continue it, and how long its cells ran against
 * its wall-clock time.
 */
export function RunBoundaries(props: {
  run: IRun;
  openRun?: (runId: string) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { run, openRun, trans } = props;
  const link = (runId: string, label: string) => (
    <button
      key={runId}
      type="button"
      className="jp-mlopsLab-RunBoundaries-link"
      disabled={!openRun}
      title={trans.__('Open run %1', runId)}
      onClick={() => openRun?.(runId)}
    >
      {label}
    </button>
  );
  const wallClock = RunFormat.elapsed(run, Date.now());
  return (
    <dl
      className="jp-mlopsLab-RunView-facts jp-mlopsLab-RunBoundaries"
      aria-label={trans.__('Run boundaries')}
    >
      <div>
        <dt>{trans.__('Active time')}</dt>
        <dd>
          {trans.__(
            '%1 of %2 wall-clock',
            RunFormat.duration(run.active_time),
            RunFormat.duration(wallClock)
          )}
        </dd>
      </div>
      <div>
        <dt>{trans.__('Continues')}</dt>
        <dd>
          {run.continues === null
            ? trans.__('— (began with its kernel)')
            : link(
                run.continues.run,
                trans.__(
                  'run %1, after execution %2',
                  run.continues.run.slice(0, 8),
                  run.continues.seq
                )
              )}
        </dd>
      </div>
      {run.continued_by.length > 0 && (
        <div>
          <dt>{trans.__('Continued by')}</dt>
          <dd>
            {run.continued_by.map(id =>
              link(id, trans.__('run %1', id.slice(0, 8)))
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}

/**
 * A switch between the latest points of each metric and every point ever
 * logged (the cells that logged them may have run several times).
 */
export function MetricHistoryToggle(props: {
  history: MetricHistory;
  onChange: (history: MetricHistory) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { history, onChange, trans } = props;
  return (
    <label
      className="jp-mlopsLab-MetricHistoryToggle"
      title={trans.__(
        'Show every point logged, also by earlier executions of the cells'
      )}
    >
      <input
        type="checkbox"
        checked={history === 'all'}
        onChange={event => onChange(event.target.checked ? 'all' : 'latest')}
      />
      {trans.__('All points')}
    </label>
  );
}
