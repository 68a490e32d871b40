import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { ICompareRow } from './compareModel';
import { IMetricEntry } from './compareTypes';
import { IRun } from '../runs/runsTypes';
import { runLabel } from './CompareTable';
import { IChartSeries, isStepped, MetricChart } from '../common/MetricChart';

/**
 * A chart per metric with the runs overlaid: lines over the steps when a
 * run logged the metric more than once, else a bar per run.
 */
export function CompareCharts(props: {
  runs: IRun[];
  rows: ICompareRow<IMetricEntry>[];
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { runs, rows, theme, trans } = props;
  const charts = React.useMemo(
    () =>
      rows.map(row => ({
        metric: row.entry.key,
        // Every run keeps its place (and colour); a run without the metric
        // has no points.
        series: runs.map((run, i): IChartSeries => ({
          label: runLabel(run, i),
          points: (row.entry.history[i] ?? []).map((point, step) => ({
            x: point.step ?? step,
            y: point.value
          }))
        }))
      })),
    [runs, rows]
  );
  if (charts.length === 0) {
    return null;
  }
  return (
    <div className="jp-mlopsLab-ChartGrid">
      {charts.map(({ metric, series }) => (
        <MetricChart
          key={metric}
          metric={metric}
          series={series}
          theme={theme}
          legend={isStepped(series)}
          label={
            isStepped(series)
              ? trans.__('Chart of %1 by step, runs overlaid', metric)
              : trans.__('Chart of %1 per run', metric)
          }
        />
      ))}
    </div>
  );
}
