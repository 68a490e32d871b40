import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunKeys } from './runsTypes';

/**
 * The param and metric columns to show, picked from the names found in the
 * listed runs (`GET runs/keys`). Columns picked earlier stay offered even
 * when no listed run has them.
 */
export function ColumnPicker(props: {
  keys: IRunKeys;
  columns: readonly string[];
  onColumns: (columns: string[]) => void;
  trans: TranslationBundle;
  /**
   * Whether the user picked these columns (else they are the params and
   * metrics that differ among the runs).
   */
  picked?: boolean;
}): JSX.Element {
  const { columns, keys, onColumns, trans } = props;
  const picked = new Set(columns);
  const groups: [string, string, string[]][] = [
    ['params', trans.__('Parameters'), keys.params],
    ['metrics', trans.__('Metrics'), keys.metrics]
  ];
  const toggle = (id: string) => {
    onColumns(
      picked.has(id)
        ? columns.filter(column => column !== id)
        : [...columns, id]
    );
  };
  const details = React.useRef<HTMLDetailsElement>(null);
  React.useEffect(() => {
    // Close the pop-up on a click elsewhere, as a menu would.
    const close = (event: MouseEvent) => {
      if (
        details.current?.open &&
        !details.current.contains(event.target as Node)
      ) {
        details.current.open = false;
      }
    };
    // Escape closes it too, and gives the focus back to its button.
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && details.current?.open) {
        event.preventDefault();
        event.stopPropagation();
        details.current.open = false;
        details.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape, true);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape, true);
    };
  }, []);

  return (
    <details className="jp-mlopsLab-ColumnPicker" ref={details}>
      <summary
        className="jp-mlopsLab-ColumnPicker-button jp-Button jp-mod-minimal"
        title={
          props.picked === false
            ? trans.__(
                'Showing the parameters and metrics that differ among these runs; pick the columns'
              )
            : trans.__('Pick the parameter and metric columns')
        }
      >
        {trans.__('Columns')}
      </summary>
      <div
        className="jp-mlopsLab-ColumnPicker-popup"
        role="group"
        aria-label={trans.__('Columns')}
      >
        {groups.map(([kind, label, names]) => {
          const offered = [
            ...new Set([
              ...names,
              ...columns
                .filter(column => column.startsWith(`${kind}.`))
                .map(column => column.slice(kind.length + 1))
            ])
          ].sort();
          return (
            <fieldset key={kind} className="jp-mlopsLab-ColumnPicker-group">
              <legend>{label}</legend>
              {offered.length === 0 && (
                <p className="jp-mlopsLab-ColumnPicker-empty">
                  {trans.__('None in these runs')}
                </p>
              )}
              {offered.map(name => {
                const id = `${kind}.${name}`;
                return (
                  <label key={id} className="jp-mlopsLab-ColumnPicker-item">
                    <input
                      type="checkbox"
                      checked={picked.has(id)}
                      onChange={() => toggle(id)}
                    />
                    {name}
                  </label>
                );
              })}
            </fieldset>
          );
        })}
      </div>
    </details>
  );
}
