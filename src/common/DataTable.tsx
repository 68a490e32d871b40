import * as React from 'react';

/**
 * A column of a `DataTable`.
 */
export interface IDataColumn {
  label: string;
  /**
   * Numbers align right.
   */
  numeric?: boolean;
}

/**
 * A plain accessible table: a name for locators and screen readers, column
 * headers, and the first cell of each row as its row header.
 */
export function DataTable(props: {
  label: string;
  columns: IDataColumn[];
  rows: { key: string; cells: React.ReactNode[]; className?: string }[];
  className?: string;
  /**
   * What to say instead of an empty table.
   */
  empty?: string;
}): JSX.Element {
  const { columns, label, rows } = props;
  if (rows.length === 0 && props.empty) {
    return <p className="jp-mlopsLab-RunView-empty">{props.empty}</p>;
  }
  const align = (i: number) =>
    columns[i]?.numeric ? 'jp-mlopsLab-DataTable-number' : undefined;
  return (
    <table
      className={'jp-mlopsLab-DataTable ' + (props.className ?? '')}
      aria-label={label}
    >
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col" className={align(i)}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(row => (
          <tr key={row.key} className={row.className}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={i} className={align(i)}>
                  {cell}
                </td>
              )
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A titled part of a view, a landmark named by its heading.
 */
export function Section(props: {
  title: string;
  /**
   * A short line next to the title (a count, a summary).
   */
  note?: string;
  children: React.ReactNode;
  className?: string;
}): JSX.Element {
  const id = React.useId();
  return (
    <section
      className={'jp-mlopsLab-Section ' + (props.className ?? '')}
      aria-labelledby={id}
    >
      <h3 className="jp-mlopsLab-Section-title">
        <span id={id}>{props.title}</span>
        {props.note && (
          <span className="jp-mlopsLab-Section-note">{props.note}</span>
        )}
      </h3>
      {props.children}
    </section>
  );
}
