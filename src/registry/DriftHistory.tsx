import { TranslationBundle } from '@jupyterlab/translation';
import {
  CategoryScale,
  Chart,
  ChartConfiguration,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js';
import * as React from 'react';

import { MonitoringFormat } from './monitoringFormat';
import { RegistryFormat } from './registryFormat';
import { VersionModel } from './registryModel';
import { IMonitorCheck, IPromotionDecision } from './registryTypes';
import { ChartTheme, IChartColors } from '../common/chartTheme';
import { DataTable } from '../common/DataTable';
import { useSignalVersion } from '../common/useSignalVersion';

// The same Chart.js as the metric charts; only what this chart draws.
Chart.register(
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
);

/**
 * The Monitoring section of a version's view: its drift over time (the
 * largest PSI of each `mlops-lab monitor` check, coloured by verdict), the
 * drifting columns of the latest check, and the promotion decisions.
 */
export function DriftHistory(props: {
  model: VersionModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  useSignalVersion(model.changed);
  const monitoring = model.monitoring;
  const headingId = React.useId();
  let body: React.ReactNode;
  if (monitoring === null) {
    body = (
      <p
        className="jp-mlopsLab-Lineage-message"
        role={model.monitoringError ? 'alert' : undefined}
      >
        {model.monitoringError ?? trans.__('Loading the monitoring checks…')}
      </p>
    );
  } else if (
    monitoring.checks.length === 0 &&
    monitoring.promotions.length === 0
  ) {
    body = (
      <p className="jp-mlopsLab-Lineage-message">
        {trans.__(
          'No drift checks yet: `mlops-lab monitor %1/%2 BATCH` records one.',
          model.name,
          model.version
        )}
      </p>
    );
  } else {
    const latest = MonitoringFormat.latest(monitoring);
    body = (
      <>
        {monitoring.checks.length > 0 && (
          <DriftChart
            checks={monitoring.checks}
            theme={model.theme}
            trans={trans}
          />
        )}
        {latest && <LatestCheck check={latest} trans={trans} />}
        {monitoring.promotions.length > 0 && (
          <Promotions promotions={monitoring.promotions} trans={trans} />
        )}
      </>
    );
  }
  return (
    <section
      className="jp-mlopsLab-Lineage-section jp-mlopsLab-DriftHistory"
      data-section="monitoring"
      aria-labelledby={headingId}
    >
      <h2 className="jp-mlopsLab-Lineage-sectionTitle" id={headingId}>
        {trans.__('Monitoring')}
      </h2>
      {body}
    </section>
  );
}

/**
 * The largest PSI per check over time, a point per check in its verdict's
 * colour; the points are listed in the canvas for screen readers.
 */
function DriftChart(props: {
  checks: IMonitorCheck[];
  theme: ChartTheme;
  trans: TranslationBundle;
}): JSX.Element {
  const { checks, theme, trans } = props;
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const themeVersion = useSignalVersion(theme.changed);
  const points = React.useMemo(() => MonitoringFormat.points(checks), [checks]);
  React.useEffect(() => {
    if (!canvas.current || points.length === 0) {
      return;
    }
    const chart = new Chart(
      canvas.current,
      Private.configuration(points, theme.colors())
    );
    return () => chart.destroy();
  }, [points, theme, themeVersion]);

  if (points.length === 0) {
    return (
      <p className="jp-mlopsLab-Lineage-message">
        {trans.__('These checks predate the recording of their PSI.')}
      </p>
    );
  }
  const label = trans._n(
    'Largest PSI of %1 check over time',
    'Largest PSI of %1 checks over time',
    points.length
  );
  return (
    <figure className="jp-mlopsLab-MetricChart jp-mlopsLab-DriftHistory-chart">
      <figcaption className="jp-mlopsLab-MetricChart-title">
        {trans.__('Largest PSI per check')}
        <span className="jp-mlopsLab-DriftHistory-legend">
          <span className="jp-mlopsLab-DriftHistory-swatch jp-mod-ok" />
          {trans.__('no drift')}
          <span className="jp-mlopsLab-DriftHistory-swatch jp-mod-drift" />
          {trans.__('drift')}
        </span>
      </figcaption>
      <div className="jp-mlopsLab-MetricChart-canvas">
        <canvas ref={canvas} role="img" aria-label={label}>
          <ol className="jp-mlopsLab-DriftHistory-points">
            {points.map(point => (
              <li
                key={point.when}
                data-verdict={point.drifted ? 'drift' : 'ok'}
              >
                {MonitoringFormat.describe(point)}
              </li>
            ))}
          </ol>
        </canvas>
      </div>
    </figure>
  );
}

function LatestCheck(props: {
  check: IMonitorCheck;
  trans: TranslationBundle;
}): JSX.Element {
  const { check, trans } = props;
  const summary = trans.__(
    'Latest check %1 of %2: %3',
    RegistryFormat.time(check.when),
    check.batch,
    MonitoringFormat.verdict(check.drifted)
  );
  // Older checks kept only the names of the drifting columns.
  const rows =
    check.columns.length > 0
      ? check.columns.map(c => ({
          key: c.column,
          cells: [
            c.column,
            MonitoringFormat.psi(c.psi),
            MonitoringFormat.pValue(c.ks_p_value),
            MonitoringFormat.missingChange(c.missing_before, c.missing_after)
          ]
        }))
      : check.drifting_columns.map(column => ({
          key: column,
          cells: [column, '-', '-', '-']
        }));
  return (
    <>
      <h3 className="jp-mlopsLab-Lineage-subtitle">{summary}</h3>
      <DataTable
        label={trans.__('Drifting columns')}
        className="jp-mod-compact"
        columns={[
          { label: trans.__('Drifting column') },
          { label: trans.__('PSI'), numeric: true },
          { label: trans.__('KS p-value'), numeric: true },
          { label: trans.__('Missing') }
        ]}
        rows={rows}
        empty={trans.__('No column drifted.')}
      />
      {check.schema_changes.length > 0 && (
        <ul className="jp-mlopsLab-DriftHistory-schema">
          {check.schema_changes.map(change => (
            <li key={change.column}>
              {trans.__('%1 column %2', change.change, change.column)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Promotions(props: {
  promotions: IPromotionDecision[];
  trans: TranslationBundle;
}): JSX.Element {
  const { promotions, trans } = props;
  return (
    <>
      <h3 className="jp-mlopsLab-Lineage-subtitle">
        {trans.__('Promotion decisions')}
      </h3>
      <DataTable
        label={trans.__('Promotion decisions')}
        className="jp-mod-compact"
        columns={[
          { label: trans.__('When') },
          { label: trans.__('Who') },
          { label: trans.__('Decision') },
          { label: trans.__('Requirements') }
        ]}
        rows={[...promotions].reverse().map(p => ({
          key: p.when,
          className: p.moved ? 'jp-mod-ok' : 'jp-mod-refused',
          cells: [
            RegistryFormat.time(p.when),
            p.who,
            MonitoringFormat.decision(p),
            MonitoringFormat.requirements(p)
          ]
        }))}
      />
    </>
  );
}

namespace Private {
  export function configuration(
    points: MonitoringFormat.IPoint[],
    colors: IChartColors
  ): ChartConfiguration<'line'> {
    const font = { family: colors.fontFamily, size: colors.fontSize };
    const axis = {
      ticks: { color: colors.mutedText, font },
      grid: { color: colors.grid },
      border: { color: colors.grid }
    };
    const verdictColors = points.map(p =>
      p.drifted ? colors.error : colors.success
    );
    return {
      type: 'line',
      data: {
        labels: points.map(p => p.label),
        datasets: [
          {
            label: 'max PSI',
            data: points.map(p => p.y),
            borderColor: colors.mutedText,
            borderWidth: 1,
            pointBackgroundColor: verdictColors,
            pointBorderColor: verdictColors,
            pointRadius: 4,
            tension: 0
          }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        plugins: {
          legend: { display: false },
          tooltip: {
            titleFont: font,
            bodyFont: font,
            callbacks: {
              label: item => MonitoringFormat.describe(points[item.dataIndex])
            }
          }
        },
        scales: {
          x: axis,
          y: {
            ...axis,
            beginAtZero: true,
            title: { display: true, text: 'PSI', color: colors.mutedText, font }
          }
        }
      }
    };
  }
}
