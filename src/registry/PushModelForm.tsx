import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IPushSource, PushFormModel } from './pushFormModel';
import { useSignalVersion } from '../common/useSignalVersion';

/**
 * The body of the "Push model" dialog: a variable or a file of the run, the
 * model's name and an optional alias.
 */
export function PushModelForm(props: PushModelForm.IProps): JSX.Element {
  const { model, trans } = props;
  useSignalVersion(model.changed);

  if (model.error !== null) {
    return (
      <p className="jp-mlopsLab-PushModel-message jp-mod-error" role="alert">
        {model.error}
      </p>
    );
  }
  const sources = model.sources;
  if (sources === null) {
    return (
      <p className="jp-mlopsLab-PushModel-message">
        {trans.__('Looking at what the run can push…')}
      </p>
    );
  }
  const live = sources.kernel.live;
  const choose = (source: IPushSource) => {
    model.source = source;
  };
  const chosen = (kind: IPushSource['kind'], name: string) =>
    model.source?.kind === kind && model.source.name === name;
  return (
    <div className="jp-mlopsLab-PushModel">
      <fieldset className="jp-mlopsLab-PushModel-sources">
        <legend>{trans.__('Variable of the notebook’s kernel')}</legend>
        {!live && (
          <p className="jp-mlopsLab-PushModel-note">
            {trans.__(
              'Only the kernel holds the variables: %1 Open the notebook and run it to push one.',
              sources.kernel.reason ?? ''
            )}
          </p>
        )}
        {live && sources.variables.length === 0 && (
          <p className="jp-mlopsLab-PushModel-note">
            {trans.__('The run recorded no variables.')}
          </p>
        )}
        {live &&
          sources.variables.map(variable => (
            <label key={variable.name} className="jp-mlopsLab-PushModel-choice">
              <input
                type="radio"
                name="jp-mlopsLab-PushModel-source"
                aria-label={
                  variable.type
                    ? `${variable.name} (${variable.type})`
                    : variable.name
                }
                checked={chosen('variable', variable.name)}
                onChange={() =>
                  choose({ kind: 'variable', name: variable.name })
                }
              />
              <span className="jp-mlopsLab-PushModel-name">
                {variable.name}
              </span>
              <span className="jp-mlopsLab-PushModel-type">
                {variable.type ?? ''}
              </span>
            </label>
          ))}
      </fieldset>
      <fieldset className="jp-mlopsLab-PushModel-sources">
        <legend>{trans.__('File of the run')}</legend>
        {sources.files.length === 0 && (
          <p className="jp-mlopsLab-PushModel-note">
            {trans.__(
              'The run logged no artifact and wrote no file (mlops_lab.log_artifact keeps one).'
            )}
          </p>
        )}
        {sources.files.map(file => (
          <label key={file.name} className="jp-mlopsLab-PushModel-choice">
            <input
              type="radio"
              name="jp-mlopsLab-PushModel-source"
              aria-label={file.name}
              checked={chosen('file', file.name)}
              onChange={() => choose({ kind: 'file', name: file.name })}
            />
            <span className="jp-mlopsLab-PushModel-name">{file.name}</span>
            <span className="jp-mlopsLab-PushModel-type">
              {file.kind === 'artifact'
                ? trans.__('logged artifact')
                : trans.__('written by the run')}
            </span>
          </label>
        ))}
      </fieldset>
      <label className="jp-mlopsLab-PushModel-field">
        {trans.__('Model name')}
        <input
          className="jp-mod-styled"
          type="text"
          value={model.name}
          placeholder="iris-classifier"
          onChange={event => {
            model.name = event.target.value;
          }}
        />
      </label>
      <label className="jp-mlopsLab-PushModel-field">
        {trans.__('Alias (optional)')}
        <input
          className="jp-mod-styled"
          type="text"
          value={model.alias}
          placeholder="champion"
          onChange={event => {
            model.alias = event.target.value;
          }}
        />
      </label>
    </div>
  );
}

/**
 * A namespace for `PushModelForm` statics.
 */
export namespace PushModelForm {
  export interface IProps {
    model: PushFormModel;
    trans: TranslationBundle;
  }
}
