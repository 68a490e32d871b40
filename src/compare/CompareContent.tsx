import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { CompareModel, DiffMode } from './compareModel';
import { ICompareResult } from './compareTypes';
import { IRun } from '../runs/runsTypes';
import { CodeDiff } from '../common/CodeDiff';
import { CompareCharts } from './CompareCharts';
import { CompareContextSections } from './CompareContextSections';
import {
  AllEqual,
  CompareTable,
  countsNote,
  runLabel,
  RunSwatch
} from './CompareTable';
import { Section } from '../common/DataTable';
import { RunFormat } from '../runs/runFormat';
import { ValueFormat } from '../common/valueFormat';
import { useSignalVersion } from '../common/useSignalVersion';
import { useClock } from '../common/useClock';

/**
 * Runs compared against the first: params and metrics with the differing
 * values highlighted, metric charts, code cell by cell, environment, data
 * and variables.
 */
export function CompareContent(props: {
  model: CompareModel;
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, theme, trans } = props;
  useSignalVersion(model.changed);
  const result = model.result;
  if (result === null) {
    return (
      <div className="jp-mlopsLab-CompareView">
        {model.error !== null ? (
          <p className="jp-mlopsLab-RunView-error" role="alert">
            {trans.__('Could not compare the runs: %1', model.error)}
          </p>
        ) : (
          <p className="jp-mlopsLab-RunView-empty">
            {trans.__('Comparing %1 runs…', model.runIds.length)}
          </p>
        )}
      </div>
    );
  }
  return (
    <Comparison model={model} result={result} theme={theme} trans={trans} />
  );
}

function Comparison(props: {
  model: CompareModel;
  result: ICompareResult;
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, result, theme, trans } = props;
  const runs = result.runs;
  const only = model.onlyDifferences;
  const params = React.useMemo(() => model.rows('params'), [result, only]);
  const metrics = React.useMemo(() => model.rows('metrics'), [result, only]);
  const code = React.useMemo(() => model.rows('code'), [result, only]);
  return (
    <div className="jp-mlopsLab-CompareView">
      <h2 className="jp-mlopsLab-RunView-title">
        {trans.__(
          'Comparing %1',
          runs.map(run => RunFormat.name(run)).join(', ')
        )}
      </h2>
      <Controls model={model} trans={trans} />
      {model.error !== null && (
        <p className="jp-mlopsLab-RunView-error" role="alert">
          {trans.__('Could not refresh the comparison: %1', model.error)}
        </p>
      )}
      <RunsTable runs={runs} trans={trans} />
      <Section
        title={trans.__('Parameters')}
        note={countsNote(model, 'params', trans)}
      >
        {params.length > 0 ? (
          <CompareTable
            label={trans.__('Parameters')}
            runs={runs}
            rows={params}
            trans={trans}
            format={(value, entry, i) => [
              ValueFormat.sharedNumbers(entry.values)[i],
              JSON.stringify(value)
            ]}
          />
        ) : (
          <AllEqual
            model={model}
            section="params"
            text={trans.__('The same parameters in every run.')}
            trans={trans}
          />
        )}
      </Section>
      <Section
        title={trans.__('Metrics')}
        note={countsNote(model, 'metrics', trans)}
      >
        {metrics.length > 0 ? (
          <>
            <CompareTable
              label={trans.__('Metrics')}
              runs={runs}
              rows={metrics}
              trans={trans}
              format={(value, entry, i) => [
                ValueFormat.sharedNumbers(entry.values)[i],
                JSON.stringify(value)
              ]}
            />
            <CompareCharts
              runs={runs}
              rows={metrics}
              theme={theme}
              trans={trans}
            />
          </>
        ) : (
          <AllEqual
            model={model}
            section="metrics"
            text={trans.__('The same metrics in every run.')}
            trans={trans}
          />
        )}
      </Section>
      <Section title={trans.__('Code')} note={countsNote(model, 'code', trans)}>
        <CodeDiff
          runs={runs}
          rows={code}
          mode={model.diffMode}
          trans={trans}
          position={key => model.cellPosition(key)}
        />
      </Section>
      <CompareContextSections model={model} runs={runs} trans={trans} />
    </div>
  );
}

/**
 * The view's switches: only differences, and how code diffs show.
 */
function Controls(props: {
  model: CompareModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  const group = React.useId();
  const modes: [DiffMode, string][] = [
    ['unified', trans.__('Unified')],
    ['side-by-side', trans.__('Side by side')]
  ];
  return (
    <div className="jp-mlopsLab-CompareView-controls">
      <label className="jp-mlopsLab-CompareView-switch">
        <input
          type="checkbox"
          checked={model.onlyDifferences}
          onChange={event => {
            model.onlyDifferences = event.target.checked;
          }}
        />
        {trans.__('Only differences')}
      </label>
      <div
        className="jp-mlopsLab-CompareView-modes"
        role="radiogroup"
        aria-label={trans.__('Code diff layout')}
      >
        {modes.map(([mode, label]) => (
          <label key={mode} className="jp-mlopsLab-CompareView-mode">
            <input
              type="radio"
              name={group}
              checked={model.diffMode === mode}
              onChange={() => {
                model.diffMode = mode;
              }}
            />
            {label}
          </label>
        ))}
      </div>
    </div>
  );
}

/**
 * The compared runs, each with its letter and colour.
 */
function RunsTable(props: {
  runs: IRun[];
  trans: TranslationBundle;
}): JSX.Element {
  const { runs, trans } = props;
  const now = useClock(runs.some(run => run.status === 'running'));
  return (
    <table
      className="jp-mlopsLab-CompareTable jp-mod-runs"
      aria-label={trans.__('Compared runs')}
    >
      <thead>
        <tr>
          <th scope="col">{trans.__('Run')}</th>
          <th scope="col">{trans.__('Status')}</th>
          <th scope="col">{trans.__('Started')}</th>
          <th scope="col">{trans.__('Duration')}</th>
          <th scope="col">{trans.__('Commit')}</th>
          <th scope="col">{trans.__('Notebook')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run, i) => (
          <tr key={run.id}>
            <th scope="row" title={run.id}>
              <RunSwatch index={i} />
              {runLabel(run, i)}
              {i === 0 && (
                <span className="jp-mlopsLab-CompareTable-baseline">
                  {trans.__(' (baseline)')}
                </span>
              )}
            </th>
            <td>{run.status}</td>
            <td>{RunFormat.startTime(run.started_at)}</td>
            <td>{RunFormat.duration(RunFormat.elapsed(run, now))}</td>
            <td className="jp-mlopsLab-Fingerprint">
              {run.git
                ? run.git.commit.slice(0, 7) + (run.git.dirty ? '*' : '')
                : '—'}
            </td>
            <td>{run.notebook ?? run.experiment}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
