import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { VersionModel } from './registryModel';
import { ILineage, IModelVersion } from './registryTypes';
import { Fact, Sections } from './LineageSections';
import { DriftHistory } from './DriftHistory';
import { RegistryFormat } from './registryFormat';
import { useSignalVersion } from '../common/useSignalVersion';
import { DataTable } from '../common/DataTable';
import { ValueFormat } from '../common/valueFormat';
import { ReadonlyJSONValue } from '@lumino/coreutils';

/**
 * The lineage of a model version: version → run → cells, data files,
 * environment, git. The run and the files open in JupyterLab; the other links
 * go to their section of the view.
 */
export function LineageView(props: LineageView.IProps): JSX.Element {
  const { model, trans } = props;
  useSignalVersion(model.changed);
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
        </dl>
        {Object.keys(data.model.signature).length > 0 && (
          <SignatureTable signature={data.model.signature} trans={trans} />
        )}
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
          <Sections {...props} lineage={lineage} slice={props.model.slice} />
        </>
      )}
      <DriftHistory model={props.model} trans={trans} />
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
  const cellsLabel =
    lineage.skipped.length > 0
      ? trans.__(
          '%1 (%2 skipped)',
          trans._n('%1 cell', '%1 cells', cellCount),
          lineage.skipped.length
        )
      : trans._n('%1 cell', '%1 cells', cellCount);
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
          ['cells', cellsLabel],
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

/**
 * A model's signature as a small table: a row per input or output fact
 * ("inputs · n_features: 4", "outputs · classes: setosa, versicolor, …").
 */
function SignatureTable(props: {
  signature: { [key: string]: ReadonlyJSONValue };
  trans: TranslationBundle;
}): JSX.Element {
  const { signature, trans } = props;
  const rows: { key: string; cells: string[] }[] = [];
  const write = (value: ReadonlyJSONValue): string =>
    Array.isArray(value)
      ? value.map(item => ValueFormat.json(item)).join(', ')
      : ValueFormat.json(value);
  for (const [side, facts] of Object.entries(signature)) {
    if (facts !== null && typeof facts === 'object' && !Array.isArray(facts)) {
      for (const [name, value] of Object.entries(facts)) {
        rows.push({
          key: `${side}.${name}`,
          cells: [side, name.replace(/_/g, ' '), write(value)]
        });
      }
    } else {
      rows.push({ key: side, cells: [side, '', write(facts)] });
    }
  }
  return (
    <DataTable
      label={trans.__('Signature')}
      className="jp-mod-compact jp-mlopsLab-Lineage-signature"
      columns={[{ label: trans.__('Signature') }, { label: '' }, { label: '' }]}
      rows={rows}
    />
  );
}
