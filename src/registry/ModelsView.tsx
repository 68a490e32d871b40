import { TranslationBundle } from '@jupyterlab/translation';
import {
  caretDownIcon,
  caretRightIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { ModelsModel } from './registryModel';
import { IRegisteredModel } from './registryTypes';
import { RegistryFormat } from './registryFormat';
import { useSignalVersion } from '../common/useSignalVersion';

/**
 * The Models section of the Experiments panel: registered models, their
 * versions and aliases; a version opens its lineage.
 */
export function ModelsView(props: ModelsView.IProps): JSX.Element {
  const { model, trans } = props;
  useSignalVersion(model.changed);
  const models = model.models;
  return (
    <div className="jp-mlopsLab-ModelsSection-content">
      <div className="jp-mlopsLab-ModelsSection-header">
        <h2 className="jp-mlopsLab-ModelsSection-title">
          {trans.__('Models')}
        </h2>
        {model.isLoaded && (
          <span className="jp-mlopsLab-ModelsSection-count" aria-live="polite">
            {trans._n('%1 model', '%1 models', models.length)}
          </span>
        )}
        <button
          type="button"
          className="jp-mlopsLab-ModelsSection-refresh jp-Button jp-mod-minimal"
          aria-label={trans.__('Refresh models')}
          title={trans.__('Refresh models')}
          onClick={() => void model.refresh()}
        >
          <refreshIcon.react tag="span" />
        </button>
      </div>
      {model.error !== null && (
        <p
          className="jp-mlopsLab-ModelsSection-message jp-mod-error"
          role="alert"
        >
          {trans.__('Could not load models: %1', model.error)}
        </p>
      )}
      {model.isLoaded && models.length === 0 && (
        <p className="jp-mlopsLab-ModelsSection-empty">
          {trans.__(
            'No models yet. Push one from a run (right-click it: Push Model…), or run %mlops push-model VARIABLE --name NAME in a notebook.'
          )}
        </p>
      )}
      {models.length > 0 && (
        <ul className="jp-mlopsLab-ModelList" aria-label={trans.__('Models')}>
          {models.map(registered => (
            <ModelItem
              key={registered.name}
              registered={registered}
              {...props}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A namespace for `ModelsView` statics.
 */
export namespace ModelsView {
  export interface IProps {
    model: ModelsModel;
    trans: TranslationBundle;
    /**
     * Open the lineage view of a version.
     */
    onOpenVersion: (name: string, version: number) => void;
  }
}

/**
 * A model, and its versions when expanded.
 */
function ModelItem(
  props: ModelsView.IProps & { registered: IRegisteredModel }
): JSX.Element {
  const { model, trans, registered, onOpenVersion } = props;
  const expanded = model.isExpanded(registered.name);
  const versions = model.versionsOf(registered.name);
  const Caret = expanded ? caretDownIcon : caretRightIcon;
  const aliases = RegistryFormat.aliases(registered.aliases);
  return (
    <li className="jp-mlopsLab-ModelList-item">
      <button
        type="button"
        className="jp-mlopsLab-ModelList-model"
        aria-expanded={expanded}
        aria-label={trans._n(
          '%2, %1 version',
          '%2, %1 versions',
          registered.version_count,
          registered.name
        )}
        title={registered.description || registered.name}
        onClick={() => void model.toggle(registered.name)}
      >
        <Caret.react tag="span" className="jp-mlopsLab-ModelList-caret" />
        <span className="jp-mlopsLab-ModelList-name">{registered.name}</span>
        <span className="jp-mlopsLab-ModelList-meta">
          {registered.latest_version !== null &&
            trans.__('v%1', registered.latest_version)}
          {aliases && ` · ${aliases}`}
        </span>
      </button>
      {expanded && versions === undefined && (
        <p className="jp-mlopsLab-ModelList-loading">{trans.__('Loading…')}</p>
      )}
      {expanded && versions !== undefined && (
        <ul
          className="jp-mlopsLab-ModelList-versions"
          aria-label={trans.__('Versions of %1', registered.name)}
        >
          {versions.map(version => (
            <li key={version.version}>
              <button
                type="button"
                className="jp-mlopsLab-ModelList-version"
                aria-label={trans.__(
                  '%1 version %2',
                  version.name,
                  version.version
                )}
                title={trans.__(
                  'Show the lineage of version %1',
                  version.version
                )}
                onClick={() => onOpenVersion(version.name, version.version)}
              >
                <span className="jp-mlopsLab-ModelList-number">
                  {trans.__('v%1', version.version)}
                </span>
                {version.aliases.map(alias => (
                  <span key={alias} className="jp-mlopsLab-ModelList-alias">
                    {alias}
                  </span>
                ))}
                <span className="jp-mlopsLab-ModelList-meta">
                  {version.run_id
                    ? trans.__('run %1', version.run_id.slice(0, 8))
                    : ''}
                  {' · '}
                  {RegistryFormat.time(version.created_at)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
