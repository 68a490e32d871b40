import { ReactWidget } from '@jupyterlab/apputils';
import { nullTranslator, ITranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { RunsView } from './components/RunsView';
import { experimentsIcon } from './icons';
import { IRunsModel } from './tokens';

/**
 * The left sidebar panel that lists the runs of the store.
 */
export class RunsPanel extends ReactWidget {
  constructor(options: RunsPanel.IOptions) {
    super();
    this._model = options.model;
    this._translator = options.translator ?? nullTranslator;
    const trans = this._translator.load('mlops-lab');
    this.id = RunsPanel.ID;
    this.addClass('jp-mlopsLab-RunsPanel');
    this.title.icon = experimentsIcon;
    this.title.caption = trans.__('Experiments');
  }

  get model(): IRunsModel {
    return this._model;
  }

  protected render(): JSX.Element {
    return (
      <RunsView
        model={this._model}
        trans={this._translator.load('mlops-lab')}
      />
    );
  }

  private _model: IRunsModel;
  private _translator: ITranslator;
}

/**
 * A namespace for `RunsPanel` statics.
 */
export namespace RunsPanel {
  /**
   * The id of the panel in the shell.
   */
  export const ID = 'mlops-lab-runs-panel';

  export interface IOptions {
    model: IRunsModel;
    translator?: ITranslator;
  }
}
