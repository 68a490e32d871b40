import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ILineage, ILineageCell, IModelVersion } from './registryTypes';
import { RegistryFormat } from './registryFormat';
import { LineageGraphView } from './LineageGraphView';
import { ILineageSlice } from '../runs/lineageTypes';

/*
 * The sections of the lineage view: run, cells, data files, environment, git.
 */

/**
 * What each section needs: the lineage, and how to open a run or a file.
 */
export interface ISectionsProps {
  data: IModelVersion;
  lineage: ILineage;
  /**
   * What each cell read and wrote, when known, for the graph.
   */
  slice: ILineageSlice | null;
  trans: TranslationBundle;
  onOpenRun: ((runId: string) => void) | null;
  onOpenFile: (path: string) => void;
}

export function Sections(props: ISectionsProps): JSX.Element {
  const { lineage, trans, onOpenRun, onOpenFile } = props;
  const env = lineage.environment;
  const packages = env ? Object.entries(env.packages) : [];
  const git = lineage.git;
  return (
    <>
      <Section id="run" title={trans.__('Run')}>
        <dl className="jp-mlopsLab-Lineage-facts">
          <div className="jp-mlopsLab-Lineage-fact">
            <dt>{trans.__('Run')}</dt>
            <dd>
              {onOpenRun === null ? (
                `${lineage.run.name} (${lineage.run.id})`
              ) : (
                <button
                  type="button"
                  className="jp-mlopsLab-Lineage-link"
                  onClick={() => onOpenRun(lineage.run.id)}
                >
                  {`${lineage.run.name} (${lineage.run.id.slice(0, 8)})`}
                </button>
              )}
            </dd>
          </div>
          <Fact term={trans.__('Experiment')} value={lineage.run.experiment} />
          <div className="jp-mlopsLab-Lineage-fact">
            <dt>{trans.__('Notebook')}</dt>
            <dd>
              {lineage.notebook.path === null ? (
                '-'
              ) : (
                <button
                  type="button"
                  className="jp-mlopsLab-Lineage-link"
                  onClick={() => onOpenFile(lineage.notebook.path ?? '')}
                >
                  {lineage.notebook.path}
                </button>
              )}
              {lineage.notebook.fingerprint && (
                <code className="jp-mlopsLab-Lineage-hash">
                  {RegistryFormat.short(lineage.notebook.fingerprint)}
                </code>
              )}
            </dd>
          </div>
          <Fact
            term={trans.__('Pushed from')}
            value={`${sourceLabel(lineage.source.kind, trans)} ${lineage.source.name}`}
          />
        </dl>
        <Values title={trans.__('Parameters')} values={lineage.params} />
        <Values title={trans.__('Metrics')} values={lineage.metrics} />
      </Section>
      <Section id="cells" title={trans.__('Cells')}>
        <LineageGraphView
          lineage={lineage}
          slice={props.slice}
          modelLabel={trans.__('%1 v%2', props.data.name, props.data.version)}
          trans={trans}
        />
        {lineage.training_cell ? (
          <Cell
            cell={lineage.training_cell}
            label={trans.__('The cell that made the model')}
            trans={trans}
            open
          />
        ) : (
          <p className="jp-mlopsLab-Lineage-message">
            {trans.__('No recorded cell of the run made it.')}
          </p>
        )}
        {lineage.cells.length > 0 && (
          <h3 className="jp-mlopsLab-Lineage-subtitle">
            {trans._n(
              '%1 cell before it that it depends on',
              '%1 cells before it that it depends on',
              lineage.cells.length
            )}
          </h3>
        )}
        {lineage.cells.map(cell => (
          <Cell key={cell.seq} cell={cell} trans={trans} open={false} />
        ))}
      </Section>
      <Section id="data" title={trans.__('Data files read')}>
        {lineage.data.length === 0 ? (
          <p className="jp-mlopsLab-Lineage-message">
            {trans.__('The run read no files.')}
          </p>
        ) : (
          <table className="jp-mlopsLab-Lineage-table">
            <thead>
              <tr>
                <th>{trans.__('File')}</th>
                <th>{trans.__('Size')}</th>
                <th>{trans.__('Fingerprint')}</th>
              </tr>
            </thead>
            <tbody>
              {lineage.data.map(file => (
                <tr key={file.path}>
                  <td>
                    <button
                      type="button"
                      className="jp-mlopsLab-Lineage-link"
                      onClick={() => onOpenFile(file.path)}
                    >
                      {file.path}
                    </button>
                  </td>
                  <td>{RegistryFormat.size(file.size)}</td>
                  <td>
                    <code title={file.fingerprint ?? ''}>
                      {RegistryFormat.short(file.fingerprint)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="environment" title={trans.__('Environment')}>
        {env === null ? (
          <p className="jp-mlopsLab-Lineage-message">
            {trans.__('The run recorded no environment.')}
          </p>
        ) : (
          <>
            <dl className="jp-mlopsLab-Lineage-facts">
              <Fact
                term={trans.__('Python')}
                value={`${env.python ?? ''} (${env.implementation ?? ''})`}
              />
              <Fact term={trans.__('Platform')} value={env.platform ?? ''} />
            </dl>
            <details className="jp-mlopsLab-Lineage-packages">
              <summary>
                {trans._n('%1 package', '%1 packages', packages.length)}
              </summary>
              <ul>
                {packages.map(([name, version]) => (
                  <li key={name}>
                    <code>{`${name}==${version ?? ''}`}</code>
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
      </Section>
      <Section id="git" title={trans.__('Git')}>
        {git === null ? (
          <p className="jp-mlopsLab-Lineage-message">
            {trans.__('The notebook was not in a git repository.')}
          </p>
        ) : (
          <dl className="jp-mlopsLab-Lineage-facts">
            <Fact
              term={trans.__('Commit')}
              value={RegistryFormat.value(git.commit ?? null)}
            />
            <Fact
              term={trans.__('Branch')}
              value={RegistryFormat.value(git.branch ?? null)}
            />
            <Fact
              term={trans.__('Uncommitted changes')}
              value={git.dirty ? trans.__('yes') : trans.__('no')}
            />
          </dl>
        )}
      </Section>
    </>
  );
}

function Section(props: {
  id: string;
  title: string;
  children: React.ReactNode;
}): JSX.Element {
  const headingId = React.useId();
  return (
    <section
      className="jp-mlopsLab-Lineage-section"
      data-section={props.id}
      aria-labelledby={headingId}
    >
      <h2 className="jp-mlopsLab-Lineage-sectionTitle" id={headingId}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

function Cell(props: {
  cell: ILineageCell;
  label?: string;
  trans: TranslationBundle;
  open: boolean;
}): JSX.Element {
  const { cell, label, trans, open } = props;
  const count =
    cell.execution_count === null ? ' ' : String(cell.execution_count);
  return (
    <details className="jp-mlopsLab-Lineage-cell" open={open}>
      <summary>
        <span className="jp-mlopsLab-Lineage-prompt">{`In [${count}]`}</span>
        {label && (
          <strong className="jp-mlopsLab-Lineage-cellLabel">{label}</strong>
        )}
        <span className="jp-mlopsLab-Lineage-cellMeta">
          {cell.cell_id
            ? trans.__(
                'cell %1 · code %2',
                cell.cell_id,
                RegistryFormat.short(cell.code_object)
              )
            : trans.__('code %1', RegistryFormat.short(cell.code_object))}
        </span>
      </summary>
      <pre className="jp-mlopsLab-Lineage-code">{cell.code}</pre>
    </details>
  );
}

export function Fact(props: {
  term: string;
  value: string;
}): JSX.Element | null {
  if (!props.value) {
    return null;
  }
  return (
    <div className="jp-mlopsLab-Lineage-fact">
      <dt>{props.term}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

function Values(props: {
  title: string;
  values: { [key: string]: unknown };
}): JSX.Element | null {
  const entries = Object.entries(props.values);
  if (entries.length === 0) {
    return null;
  }
  return (
    <>
      <h3 className="jp-mlopsLab-Lineage-subtitle">{props.title}</h3>
      <dl className="jp-mlopsLab-Lineage-facts">
        {entries.map(([key, value]) => (
          <Fact key={key} term={key} value={JSON.stringify(value)} />
        ))}
      </dl>
    </>
  );
}

function sourceLabel(
  kind: ILineage['source']['kind'],
  trans: TranslationBundle
): string {
  switch (kind) {
    case 'variable':
      return trans.__('variable');
    case 'artifact':
      return trans.__('logged artifact');
    case 'file':
      return trans.__('file written by the run');
    case 'path':
      return trans.__('file');
  }
}
