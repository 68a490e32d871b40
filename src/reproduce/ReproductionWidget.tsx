import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { ReproductionView } from './ReproductionReport';
import { ReproductionModel } from './reproductionModel';

/**
 * The main-area view of one reproduction: progress, then its report.
 */
export class ReproductionWidget extends ReactWidget {
  constructor(options: ReproductionWidget.IOptions) {
    super();
    this._model = options.model;
    this._translator = options.translator ?? nullTranslator;
    this._openRun = options.openRun ?? null;
    this.addClass('jp-mlopsLab-ReproductionWidget');
  }

  get model(): ReproductionModel {
    return this._model;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    const trans = this._translator.load('mlops-lab');
    return (
      <UseSignal signal={this._model.changed}>
        {() => (
          <ReproductionView
            model={this._model}
            trans={trans}
            openRun={this._openRun}
          />
        )}
      </UseSignal>
    );
  }

  private _model: ReproductionModel;
  private _translator: ITranslator;
  private _openRun: ((runId: string) => void) | null;
}

/**
 * A namespace for `ReproductionWidget` statics.
 */
export namespace ReproductionWidget {
  export interface IOptions {
    model: ReproductionModel;
    translator?: ITranslator;
    /**
     * Open a run (the run view's command), when there is one.
     */
    openRun?: ((runId: string) => void) | null;
  }
}
