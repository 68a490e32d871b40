import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { CompareModel, ICompareRow } from './compareModel';
import { CompareChange, ICompareEntry } from './compareTypes';
import { IRun } from '../runs/runsTypes';
import { RunFormat } from '../runs/runFormat';

/**
 * The name of a compared run as column titles and legends show it.
 */
export function runLabel(run: IRun, index: number): string {
  return `${CompareModel.letter(index)} · ${RunFormat.name(run)}`;
}

/**
 * The colour swatch of run `index`, as in the charts.
 */
export function RunSwatch(props: { index: number }): JSX.Element {
  return (
    <span
      className="jp-mlopsLab-RunSwatch"
      aria-hidden="true"
      style={{ background: `var(${ChartTheme.seriesVariable(props.index)})` }}
    />
  );
}

/**
 * A compared section as a table: a row per key, a column per run, the
 * values that differ from the baseline (run A) highlighted.
 */
export function CompareTable<E extends ICompareEntry<unknown>>(props: {
  label: string;
  runs: IRun[];
  rows: ICompareRow<E>[];
  trans: TranslationBundle;
  /**
   * The key as shown (a package name without its `package:` prefix).
   */
  keyLabel?: (entry: E) => string;
  /**
   * A run's value as shown, and its full text for the tooltip.
   */
  format: (
    value: E['values'][number],
    entry: E,
    index: number
  ) => [string, string?];
}): JSX.Element {
  const { label, runs, rows, trans, format } = props;
  return (
    <table className="jp-mlopsLab-CompareTable" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{trans.__('Key')}</th>
          <th scope="col" className="jp-mlopsLab-CompareTable-change">
            {trans.__('Change')}
          </th>
          {runs.map((run, i) => (
            <th key={run.id} scope="col" title={run.id}>
              <RunSwatch index={i} />
              {runLabel(run, i)}
              {i === 0 && (
                <span className="jp-mlopsLab-CompareTable-baseline">
                  {trans.__(' (baseline)')}
                </span>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(row => (
          <tr
            key={row.entry.key}
            className={`jp-mlopsLab-CompareTable-row jp-mod-${row.change}`}
          >
            <th scope="row">
              {props.keyLabel ? props.keyLabel(row.entry) : row.entry.key}
            </th>
            <td className="jp-mlopsLab-CompareTable-change">
              {changeLabel(row.change, trans)}
            </td>
            {row.entry.values.map((value, i) => {
              const present = row.entry.present[i];
              const [text, title] = present
                ? format(value, row.entry, i)
                : [trans.__('absent')];
              return (
                <td
                  key={i}
                  className={
                    'jp-mlopsLab-CompareTable-value' +
                    (row.differs[i] ? ' jp-mod-different' : '') +
                    (present ? '' : ' jp-mod-absent')
                  }
                  data-differs={row.differs[i] ? 'true' : undefined}
                  title={
                    row.differs[i]
                      ? trans.__(
                          '%1 (differs from the baseline)',
                          title ?? text
                        )
                      : title
                  }
                >
                  {text}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * How a key's class reads.
 */
export function changeLabel(
  change: CompareChange,
  trans: TranslationBundle
): string {
  switch (change) {
    case 'added':
      return trans.__('added');
    case 'removed':
      return trans.__('removed');
    case 'changed':
      return trans.__('changed');
    case 'unchanged':
      return trans.__('same');
  }
}

/**
 * A section's counts as a short line: "1 changed, 5 same".
 */
export function countsNote(
  model: CompareModel,
  name: Parameters<CompareModel['counts']>[0],
  trans: TranslationBundle
): string {
  const counts = model.counts(name);
  const parts: string[] = [];
  for (const change of ['changed', 'added', 'removed', 'unchanged'] as const) {
    if (counts[change] > 0) {
      parts.push(`${counts[change]} ${changeLabel(change, trans)}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : trans.__('nothing recorded');
}

/**
 * What a section says instead of its table: every key was left out as
 * equal, or the runs recorded nothing of the kind.
 */
export function AllEqual(props: {
  model: CompareModel;
  section: Parameters<CompareModel['counts']>[0];
  text: string;
  trans: TranslationBundle;
}): JSX.Element {
  const counts = props.model.counts(props.section);
  const total =
    counts.added + counts.removed + counts.changed + counts.unchanged;
  return (
    <p className="jp-mlopsLab-CompareView-same">
      {total === 0
        ? props.trans.__('None recorded in these runs.')
        : props.text}
    </p>
  );
}
