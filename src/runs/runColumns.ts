import { ReadonlyJSONValue } from '@lumino/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { IRun, RunSortColumn } from './runsTypes';
import { ValueFormat } from '../common/valueFormat';

/**
 * The columns of the run list: the fixed ones, then the params and metrics
 * the user picked (named `params.NAME` and `metrics.NAME`, as the server
 * sorts by them).
 */
export namespace RunColumns {
  /**
   * A column of the list.
   */
  export interface IColumn {
    /**
     * `name`, `user` (who made a pulled run), `status`, `started_at`,
     * `duration`, `git`, or `params.X` / `metrics.X`.
     */
    id: string;
    label: string;
    /**
     * What the server sorts by for it, or null when it cannot.
     */
    sort: RunSortColumn | null;
    /**
     * Its width in the CSS grid.
     */
    width: string;
    /**
     * Whether its values are numbers, aligned right.
     */
    numeric: boolean;
  }

  /**
   * The width of the selection check box column.
   */
  export const CHECK_WIDTH = 24;

  /**
   * The columns shown for a choice of param and metric columns; `by` adds
   * who made each run (for the runs pulled from a team's remote).
   */
  export function columns(
    picked: readonly string[],
    trans: TranslationBundle,
    options: { by?: boolean } = {}
  ): IColumn[] {
    const fixed: IColumn[] = [
      {
        id: 'name',
        label: trans.__('Run'),
        sort: 'name',
        width: 'minmax(120px, 1fr)',
        numeric: false
      },
      {
        id: 'status',
        label: trans.__('Status'),
        sort: 'status',
        width: '68px',
        numeric: false
      },
      {
        id: 'started_at',
        label: trans.__('Start'),
        sort: 'started_at',
        width: '96px',
        numeric: false
      },
      {
        id: 'duration',
        label: trans.__('Duration'),
        sort: 'duration',
        width: '64px',
        numeric: true
      },
      {
        id: 'git',
        label: trans.__('Commit'),
        sort: null,
        width: '68px',
        numeric: false
      }
    ];
    // The param and metric columns come right after the name: at the
    // sidebar's default width they are what is in view, not the times.
    const values = picked.map(id => ({
      id,
      label: parse(id)?.name ?? id,
      sort: parse(id) ? (id as RunSortColumn) : null,
      width: '72px',
      numeric: parse(id)?.kind === 'metrics'
    }));
    const by: IColumn[] = options.by
      ? [
          {
            id: 'user',
            label: trans.__('By'),
            sort: null,
            width: '72px',
            numeric: false
          }
        ]
      : [];
    return [fixed[0], ...by, ...values, ...fixed.slice(1)];
  }

  /**
   * The CSS grid that lays out a row (and the header) for these columns,
   * and the width under which the list scrolls sideways.
   */
  export function grid(columns: IColumn[]): {
    gridTemplateColumns: string;
    minWidth: string;
  } {
    const widths = columns.map(column => column.width);
    const minimum = columns.reduce(
      (sum, column) =>
        sum + (parseInt(/\d+/.exec(column.width)?.[0] ?? '0') || 0),
      CHECK_WIDTH
    );
    // The row's column gaps (6px) and side padding (4px + 8px), as in CSS.
    const spacing = columns.length * 6 + 12;
    return {
      gridTemplateColumns: [`${CHECK_WIDTH}px`, ...widths].join(' '),
      minWidth: `${minimum + spacing}px`
    };
  }

  /**
   * The kind and name of a picked column, or null for a fixed one.
   */
  export function parse(
    id: string
  ): { kind: 'params' | 'metrics'; name: string } | null {
    for (const kind of ['params', 'metrics'] as const) {
      if (id.startsWith(`${kind}.`) && id.length > kind.length + 1) {
        return { kind, name: id.slice(kind.length + 1) };
      }
    }
    return null;
  }

  /**
   * The value of a picked column in a run, or undefined when it lacks it.
   */
  export function valueOf(
    run: IRun,
    id: string
  ): ReadonlyJSONValue | undefined {
    const column = parse(id);
    if (!column) {
      return undefined;
    }
    return column.kind === 'params'
      ? run.params[column.name]
      : run.metrics[column.name];
  }

  /**
   * A param or metric value, short enough for a column.
   */
  export function formatValue(value: ReadonlyJSONValue | undefined): string {
    if (value === undefined || value === null) {
      return '—';
    }
    if (typeof value === 'number') {
      if (Number.isInteger(value) && Math.abs(value) < 1e6) {
        return String(value);
      }
      return Number(value.toPrecision(4)).toString();
    }
    if (typeof value === 'string') {
      return value;
    }
    return JSON.stringify(value);
  }

  /**
   * The short form of a commit hash.
   */
  /**
   * Per param or metric column, how its values are written.
   */
  export type Formats = {
    [id: string]: (value: ReadonlyJSONValue | undefined) => string;
  };

  /**
   * One number format per column, from the values of the runs loaded (the
   * first `RUNS_FORMATTED`), so that a column's numbers line up.
   */
  export function formats(
    model: { total: number; runAt(index: number): IRun | undefined },
    columns: readonly IColumn[]
  ): Formats {
    const runs: IRun[] = [];
    for (let i = 0; i < Math.min(model.total, RUNS_FORMATTED); i++) {
      const run = model.runAt(i);
      if (run) {
        runs.push(run);
      }
    }
    const result: Formats = {};
    for (const column of columns) {
      if (parse(column.id)) {
        result[column.id] = ValueFormat.sharedFormat(
          runs.map(run => valueOf(run, column.id))
        );
      }
    }
    return result;
  }

  /**
   * How many runs, from the top, a column's number format is read from.
   */
  export const RUNS_FORMATTED = 200;

  export function shortCommit(commit: string): string {
    return commit.slice(0, 7);
  }
}
