import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { VersionModel } from '../registryModel';
import { ILineage, ILineageCell, IModelVersion } from '../registryTokens';
import { RegistryFormat } from './registryFormat';

/**
 * The lineage of a model version: version → run → cells, data files,
 * environment, git. The run and the files open in JupyterLab; the other links
 * go to their section of the view.
 */
export function LineageView(props: LineageView.IProps): JSX.Element {
  const { model, trans } = props;
  const [, setVersion] = React.useState(0);
  React.useEffect(() => {
    const onChanged = () => setVersion(value => value + 1);
    model.changed.connect(onChanged);
    return () => {
      model.changed.disconnect(onChanged);
    };
  }, [model]);
  const data = model.data;
  if (data === null) {
    return (
      <div className="jp-mlopsLab-Lineage">
        <p
          className={`jp-mlopsLab-Lineage-message${model.error ? ' jp-mod-error' : ''}`}
          role={model.error ? 'alert' : undefined}
        >
          {model.error ??
            trans.__('Loading %1 version %2…', model.name, model.version)}
        </p>
      </div>
    );
  }
  return <Loaded {...props} data={data} />;
}

/**
 * A namespace for `LineageView` statics.
 */
export namespace LineageView {
  export interface IProps {
    model: VersionModel;
    trans: TranslationBundle;
    /**
     * Open a run's view, or null when no plugin provides one.
     */
    onOpenRun: ((runId: string) => void) | null;
    /**
     * Open a file of the project (the notebook, a data file).
     */
    onOpenFile: (path: string) => void;
  }
}

function Loaded(
  props: LineageView.IProps & { data: IModelVersion }
): JSX.Element {
  const { data, trans } = props;
  const lineage = data.lineage;
  const root = React.useRef<HTMLDivElement>(null);
  const goTo = (section: string) => {
    root.current
      ?.querySelector(`[data-section="${section}"]`)
      ?.scrollIntoView({ block: 'start' });
  };
  return (
    <div className="jp-mlopsLab-Lineage" ref={root}>
      <header className="jp-mlopsLab-Lineage-header">
        <h1 className="jp-mlopsLab-Lineage-title">
          {trans.__('%1 version %2', data.name, data.version)}
        </h1>
        {data.aliases.map(alias => (
          <span key={alias} className="jp-mlopsLab-Lineage-alias">
            {alias}
          </span>
        ))}
        <dl className="jp-mlopsLab-Lineage-facts">
          <Fact
            term={trans.__('Model')}
            value={data.model.type ?? data.artifact.filename}
          />
          <Fact
            term={trans.__('Framework')}
            value={[data.model.framework, data.model.framework_version]
              .filter(Boolean)
              .join(' ')}
          />
          <Fact
            term={trans.__('Pushed')}
            value={trans.__(
              '%1 to the %2 registry',
              RegistryFormat.time(data.created_at),
              data.registry
            )}
          />
          <Fact
            term={trans.__('Artifact')}
            value={`${data.artifact.filename} (${data.artifact.format}${
              data.artifact.size === null
                ? ''
                : `, ${RegistryFormat.size(data.artifact.size)}`
            })`}
          />
          <Fact term={trans.__('Description')} value={data.description} />
          {Object.keys(data.model.signature).length > 0 && (
            <Fact
              term={trans.__('Signature')}
              value={JSON.stringify(data.model.signature)}
            />
          )}
        </dl>
      </header>
      {lineage === null ? (
        <p className="jp-mlopsLab-Lineage-message">
          {trans.__(
            'This version was registered without mlops-lab: it has no lineage.'
          )}
        </p>
      ) : (
        <>
          <Chain {...props} lineage={lineage} goTo={goTo} />
          <Sections {...props} lineage={lineage} />
        </>
      )}
    </div>
  );
}

/**
 * The path from the version down to its sources, each step a link.
 */
function Chain(
  props: LineageView.IProps & {
    data: IModelVersion;
    lineage: ILineage;
    goTo: (section: string) => void;
  }
): JSX.Element {
  const { data, lineage, trans, onOpenRun, goTo } = props;
  const cellCount = lineage.cells.length + (lineage.training_cell ? 1 : 0);
  return (
    <nav className="jp-mlopsLab-Lineage-chain" aria-label={trans.__('Lineage')}>
      <span className="jp-mlopsLab-Lineage-step">
        {trans.__('%1 v%2', data.name, data.version)}
      </span>
      <span className="jp-mlopsLab-Lineage-arrow" aria-hidden="true">
        →
      </span>
      <button
        type="button"
        className="jp-mlopsLab-Lineage-link"
        disabled={onOpenRun === null}
        title={
          onOpenRun === null
            ? trans.__('Run %1', lineage.run.id)
            : trans.__('Open run %1', lineage.run.id)
        }
        onClick={() => onOpenRun?.(lineage.run.id)}
      >
        {trans.__('Run %1', lineage.run.name)}
      </button>
      <span className="jp-mlopsLab-Lineage-arrow" aria-hidden="true">
        →
      </span>
      {(
        [
          ['cells', trans._n('%1 cell', '%1 cells', cellCount)],
          [
            'data',
            trans._n('%1 data file', '%1 data files', lineage.data.length)
          ],
          ['environment', trans.__('Environment')],
          ['git', trans.__('Git')]
        ] as const
      ).map(([section, label]) => (
        <button
          key={section}
          type="button"
          className="jp-mlopsLab-Lineage-link"
          onClick={() => goTo(section)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

function Sections(
  props: LineageView.IProps & { data: IModelVersion; lineage: ILineage }
): JSX.Element {
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
              '%1 cell executed before it',
              '%1 cells executed before it',
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

function Fact(props: { term: string; value: string }): JSX.Element | null {
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
