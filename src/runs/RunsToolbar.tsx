import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunsModel, RunScope } from '../tokens';
import { ColumnPicker } from './ColumnPicker';
import { RunFilter } from './RunFilter';

/**
 * Above the run list: which runs (this notebook's, all, or those pulled from
 * the team's remotes), the filter, the columns, and what to do with the
 * selected runs.
 */
export function RunsToolbar(props: {
  model: IRunsModel;
  trans: TranslationBundle;
  onCompare: () => void;
  /**
   * Called when what is listed changes, so the list goes back to its top.
   */
  onQueryChanged: () => void;
}): JSX.Element {
  const { model, trans, onQueryChanged } = props;
  const notebook = model.notebook;
  const scopes: [RunScope, string, string][] = [
    [
      'notebook',
      notebook ? PathExt.basename(notebook) : trans.__('This notebook'),
      notebook
        ? trans.__('Runs of %1, the notebook in focus', notebook)
        : trans.__('Open a notebook to list its runs')
    ],
    ['all', trans.__('All'), trans.__('Runs of every experiment')],
    [
      'team',
      trans.__('Team'),
      trans.__("Runs pulled from the team's remotes (mlops-lab pull)")
    ]
  ];
  const effective: RunScope =
    model.scope === 'team'
      ? 'team'
      : model.scopedNotebook === null
        ? 'all'
        : 'notebook';
  const selected = model.selection.size;

  return (
    <div className="jp-mlopsLab-RunsToolbar">
      <div
        className="jp-mlopsLab-RunsToolbar-scope"
        role="group"
        aria-label={trans.__('Runs to list')}
      >
        {scopes.map(([scope, label, title]) => (
          <button
            key={scope}
            type="button"
            className={
              'jp-mlopsLab-RunsToolbar-scopeButton' +
              (effective === scope ? ' jp-mod-active' : '')
            }
            aria-pressed={effective === scope}
            disabled={scope === 'notebook' && notebook === null}
            title={title}
            onClick={() => {
              model.scope = scope;
              onQueryChanged();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <RunFilter
        filter={model.filter}
        error={model.filterError}
        trans={trans}
        onFilter={filter => {
          model.filter = filter;
          onQueryChanged();
        }}
      />
      <div className="jp-mlopsLab-RunsToolbar-actions">
        <ColumnPicker
          keys={model.keys}
          columns={model.columns}
          picked={model.columnsPicked}
          trans={trans}
          onColumns={columns => {
            model.columns = columns;
          }}
        />
        {selected > 0 && (
          <span className="jp-mlopsLab-RunsToolbar-selected">
            {trans._n('%1 selected', '%1 selected', selected)}
          </span>
        )}
        {selected >= 2 && (
          <button
            type="button"
            className="jp-mlopsLab-RunsToolbar-compare jp-Button jp-mod-accept jp-mod-styled"
            title={trans.__('Compare the selected runs')}
            onClick={props.onCompare}
          >
            {trans.__('Compare (%1)', selected)}
          </button>
        )}
      </div>
    </div>
  );
}
