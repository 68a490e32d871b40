import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunSort } from '../tokens';
import { RunColumns } from './runColumns';

/**
 * The column titles of the run list; a click sorts by the column on the
 * server (again to flip the order). It scrolls sideways with the list.
 */
export function RunListHeader(props: {
  columns: RunColumns.IColumn[];
  grid: React.CSSProperties;
  headerRef: React.RefObject<HTMLDivElement>;
  sort: IRunSort;
  onSort: (sort: IRunSort) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { columns, grid, sort, onSort, trans } = props;
  return (
    <div className="jp-mlopsLab-RunList-headerScroll" ref={props.headerRef}>
      <div className="jp-mlopsLab-RunList-header" style={grid}>
        <span className="jp-mlopsLab-RunList-check" />
        {columns.map(column => {
          const active = column.sort !== null && column.sort === sort.key;
          const className =
            'jp-mlopsLab-RunList-columnTitle' +
            (column.numeric ? ' jp-mod-number' : '') +
            (column.id === 'name' ? ' jp-mod-name' : '');
          if (column.sort === null) {
            return (
              <span key={column.id} className={className}>
                {column.label}
              </span>
            );
          }
          const key = column.sort;
          const label = active
            ? sort.order === 'desc'
              ? trans.__('%1, sorted descending', column.label)
              : trans.__('%1, sorted ascending', column.label)
            : trans.__('Sort by %1', column.label);
          return (
            <button
              key={column.id}
              type="button"
              className={className + (active ? ' jp-mod-active' : '')}
              aria-label={label}
              title={label}
              onClick={() =>
                onSort({
                  key,
                  order: active && sort.order === 'desc' ? 'asc' : 'desc'
                })
              }
            >
              <span className="jp-mlopsLab-RunList-columnLabel">
                {column.label}
              </span>
              {active && (
                <span aria-hidden="true">
                  {sort.order === 'desc' ? ' ↓' : ' ↑'}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}
