import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { RunModel } from './runModel';
import { IRunDetail } from './runsTypes';
import { CellList } from './CellList';
import { DataTable, Section } from '../common/DataTable';
import { IChartSeries, MetricChart } from '../common/MetricChart';
import { RunContextSections } from './RunContextSections';
import { MetricHistoryToggle, RunBoundaries } from './RunBoundaries';
import { RunFormat } from './runFormat';
import { RunOriginNote } from '../remote/RunOriginNote';
import { ValueFormat } from '../common/valueFormat';
import { useSignalVersion } from '../common/useSignalVersion';
import { useClock } from '../common/useClock';

/**
 * Everything recorded under one run: params, metrics with charts, cells in
 * executed order, variables, data, environment and git state.
 */
export function RunDetailView(props: {
  model: RunModel;
  openRun?: (runId: string) => void;
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, theme, trans } = props;
  useSignalVersion(model.changed);
  const detail = model.detail;
  if (detail === null) {
    return (
      <div className="jp-mlopsLab-RunView">
        {model.error !== null ? (
          <p className="jp-mlopsLab-RunView-error" role="alert">
            {trans.__('Could not load run %1: %2', model.runId, model.error)}
          </p>
        ) : (
          <p className="jp-mlopsLab-RunView-empty">{trans.__('Loading…')}</p>
        )}
      </div>
    );
  }
  return (
    <div className="jp-mlopsLab-RunView">
      <RunHeader detail={detail} trans={trans} />
      <RunOriginNote run={detail} trans={trans} />
      <RunBoundaries run={detail} openRun={props.openRun} trans={trans} />
      {model.error !== null && (
        <p className="jp-mlopsLab-RunView-error" role="alert">
          {trans.__('Could not refresh the run: %1', model.error)}
        </p>
      )}
      <Section
        title={trans.__('Parameters')}
        note={String(Object.keys(detail.params).length)}
      >
        <DataTable
          label={trans.__('Parameters')}
          empty={trans.__('No parameters were recorded.')}
          columns={[{ label: trans.__('Name') }, { label: trans.__('Value') }]}
          rows={Object.entries(detail.params).map(([name, value]) => ({
            key: name,
            cells: [name, ValueFormat.json(value)]
          }))}
        />
      </Section>
      <MetricHistoryToggle
        history={model.history}
        onChange={history => void model.setHistory(history)}
        trans={trans}
      />
      <MetricsSection detail={detail} theme={theme} trans={trans} />
      <Section
        title={trans.__('Cells')}
        note={trans.__(
          '%1 executions, in the order they ran',
          model.cells.length
        )}
      >
        <CellList cells={model.cells} trans={trans} />
      </Section>
      <RunContextSections detail={detail} trans={trans} />
    </div>
  );
}

/**
 * The run's name, status, times, notebook and commit.
 */
function RunHeader(props: {
  detail: IRunDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { detail, trans } = props;
  const now = useClock(detail.status === 'running');
  const facts: [string, string][] = [
    [trans.__('Status'), detail.status],
    [trans.__('Started'), RunFormat.startTime(detail.started_at)],
    [trans.__('Duration'), RunFormat.duration(RunFormat.elapsed(detail, now))],
    [trans.__('Notebook'), detail.notebook ?? '—'],
    [trans.__('Experiment'), detail.experiment],
    [trans.__('Run id'), detail.id]
  ];
  if (detail.git) {
    facts.push([
      trans.__('Commit'),
      detail.git.commit.slice(0, 7) +
        (detail.git.dirty ? trans.__(' (uncommitted changes)') : '')
    ]);
  }
  const tags = Object.entries(detail.tags);
  return (
    <header className="jp-mlopsLab-RunView-header">
      <h2 className={`jp-mlopsLab-RunView-title jp-mod-${detail.status}`}>
        {RunFormat.name(detail)}
      </h2>
      <dl className="jp-mlopsLab-RunView-facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {tags.length > 0 && (
        <ul className="jp-mlopsLab-RunView-tags" aria-label={trans.__('Tags')}>
          {tags.map(([key, value]) => (
            <li key={key} className="jp-mlopsLab-Tag">
              {key}={value}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}

/**
 * The metrics' last values, and a chart of each metric logged at steps.
 */
function MetricsSection(props: {
  detail: IRunDetail;
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element {
  const { detail, theme, trans } = props;
  const history = detail.metric_history;
  const charts = React.useMemo(
    () =>
      Object.entries(history)
        .filter(([, points]) => points.length > 1)
        .map(([name, points]): [string, IChartSeries[]] => [
          name,
          [
            {
              label: RunFormat.name(detail),
              points: points.map((point, i) => ({
                x: point.step ?? i,
                y: point.value
              }))
            }
          ]
        ]),
    [history, detail]
  );
  return (
    <Section
      title={trans.__('Metrics')}
      note={String(Object.keys(detail.metrics).length)}
    >
      <DataTable
        label={trans.__('Metrics')}
        empty={trans.__('No metrics were logged.')}
        columns={[
          { label: trans.__('Name') },
          { label: trans.__('Last value'), numeric: true },
          { label: trans.__('Values logged'), numeric: true }
        ]}
        rows={Object.entries(detail.metrics).map(([name, value]) => ({
          key: name,
          cells: [
            name,
            ValueFormat.number(value),
            String(history[name]?.length ?? 1)
          ]
        }))}
      />
      {charts.length > 0 && (
        <div className="jp-mlopsLab-ChartGrid">
          {charts.map(([name, series]) => (
            <MetricChart
              key={name}
              metric={name}
              series={series}
              theme={theme}
              label={trans.__('Chart of %1 by step', name)}
            />
          ))}
        </div>
      )}
    </Section>
  );
}
