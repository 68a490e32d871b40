import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js';
import * as React from 'react';

import { ChartTheme, IChartColors } from './chartTheme';
import { useSignalVersion } from './useSignalVersion';

// Only what these charts draw, so the bundle carries no other chart type.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
);

/**
 * One run's values of a metric.
 */
export interface IChartSeries {
  label: string;
  /**
   * By step (x); a metric logged without steps counts its values from 0.
   */
  points: { x: number; y: number }[];
}

/**
 * A metric drawn with Chart.js: a line per run over the steps when any run
 * logged it more than once, else a bar per run. Colours come from the
 * JupyterLab theme and follow theme switches.
 */
export function MetricChart(props: {
  metric: string;
  series: IChartSeries[];
  theme: ChartTheme;
  /**
   * What a screen reader says of the chart.
   */
  label: string;
  /**
   * Whether to show the legend (several runs).
   */
  legend?: boolean;
}): JSX.Element {
  const { metric, series, theme, label } = props;
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const themeVersion = useSignalVersion(theme.changed);

  React.useEffect(() => {
    if (!canvas.current) {
      return;
    }
    const config = Private.configuration(
      metric,
      series,
      theme.colors(),
      props.legend ?? series.length > 1
    );
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [metric, series, theme, themeVersion, props.legend]);

  return (
    <figure className="jp-mlopsLab-MetricChart">
      <figcaption className="jp-mlopsLab-MetricChart-title">
        {metric}
      </figcaption>
      <div className="jp-mlopsLab-MetricChart-canvas">
        <canvas ref={canvas} role="img" aria-label={label}>
          {label}
        </canvas>
      </div>
    </figure>
  );
}

/**
 * Whether a metric's values call for a line chart (some run logged it more
 * than once) rather than bars.
 */
export function isStepped(series: IChartSeries[]): boolean {
  return series.some(one => one.points.length > 1);
}

namespace Private {
  /**
   * Dash patterns for runs past the palette's length.
   */
  const DASHES = [[], [6, 3], [2, 2], [10, 3, 2, 3]];

  export function configuration(
    metric: string,
    series: IChartSeries[],
    colors: IChartColors,
    legend: boolean
  ): ChartConfiguration<'line' | 'bar'> {
    const colorOf = (i: number) => colors.series[i % colors.series.length];
    const dashOf = (i: number) =>
      DASHES[Math.floor(i / colors.series.length) % DASHES.length];
    const font = { family: colors.fontFamily, size: colors.fontSize };
    const axis = {
      ticks: { color: colors.mutedText, font },
      grid: { color: colors.grid },
      border: { color: colors.grid }
    };
    const common = {
      animation: false as const,
      maintainAspectRatio: false,
      responsive: true,
      plugins: {
        legend: {
          display: legend,
          labels: { color: colors.text, font, boxWidth: 12 }
        },
        tooltip: {
          titleFont: font,
          bodyFont: font
        }
      }
    };
    if (!isStepped(series)) {
      return {
        type: 'bar',
        data: {
          labels: series.map(one => one.label),
          datasets: [
            {
              label: metric,
              data: series.map(one => one.points[0]?.y ?? null),
              backgroundColor: series.map((_, i) => colorOf(i)),
              maxBarThickness: 48
            }
          ]
        },
        options: {
          ...common,
          plugins: { ...common.plugins, legend: { display: false } },
          scales: { x: axis, y: axis }
        }
      };
    }
    return {
      type: 'line',
      data: {
        datasets: series.map((one, i) => ({
          label: one.label,
          data: one.points,
          borderColor: colorOf(i),
          backgroundColor: colorOf(i),
          borderDash: dashOf(i),
          borderWidth: 2,
          pointRadius: one.points.length > 50 ? 0 : 2,
          tension: 0
        }))
      },
      options: {
        ...common,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            ...axis,
            type: 'linear',
            title: {
              display: true,
              text: 'step',
              color: colors.mutedText,
              font
            }
          },
          y: axis
        }
      }
    };
  }
}
