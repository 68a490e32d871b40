import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { RowComponentProps } from 'react-window';

import { IRunsModel, RunStatus } from '../tokens';
import { RunFormat } from './runFormat';

/**
 * The height of one row, in pixels.
 */
export const ROW_HEIGHT = 44;

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
}

/**
 * One run of the list; a placeholder while its page is on its way.
 */
export function RunRow(props: RowComponentProps<IRunRowProps>): JSX.Element {
  const { ariaAttributes, index, model, now, style, trans } = props;
  const run = model.runAt(index);
  if (!run) {
    return (
      <div
        {...ariaAttributes}
        aria-busy="true"
        aria-label={trans.__('Loading run %1', index + 1)}
        className="jp-mlopsLab-RunList-row jp-mod-loading"
        style={style}
      />
    );
  }
  const name = RunFormat.name(run);
  const status = statusLabel(run.status, trans);
  const notebook = run.notebook ?? run.experiment;
  return (
    <div
      {...ariaAttributes}
      aria-label={trans.__('%1, %2', name, status)}
      className={`jp-mlopsLab-RunList-row jp-mod-${run.status}`}
      data-run-id={run.id}
      style={style}
      title={trans.__('Run %1 of %2', run.id, run.experiment)}
    >
      <span className="jp-mlopsLab-RunList-statusDot" aria-hidden="true" />
      <span className="jp-mlopsLab-RunList-name">{name}</span>
      <span className="jp-mlopsLab-RunList-duration">
        {RunFormat.duration(RunFormat.elapsed(run, now))}
      </span>
      <span className="jp-mlopsLab-RunList-meta">
        <span className="jp-mlopsLab-RunList-status">{status}</span>
        {' · '}
        <span className="jp-mlopsLab-RunList-notebook" title={notebook}>
          {notebook}
        </span>
      </span>
      <time className="jp-mlopsLab-RunList-started" dateTime={run.started_at}>
        {RunFormat.startTime(run.started_at)}
      </time>
    </div>
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
