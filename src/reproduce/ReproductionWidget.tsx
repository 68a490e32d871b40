import { UseSignal } from '@jupyterlab/apputils';
import { ITranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { ModelView } from '../common/modelView';
import { ReproductionView } from './ReproductionReport';
import { ReproductionModel } from './reproductionModel';

/**
 * The main-area view of one reproduction: progress, then its report.
 */
export class ReproductionWidget extends ModelView<ReproductionModel> {
  constructor(options: ReproductionWidget.IOptions) {
    super({ ...options, className: 'jp-mlopsLab-ReproductionWidget' });
    this._openRun = options.openRun ?? null;
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <ReproductionView
            model={this.model}
            trans={this.trans}
            openRun={this._openRun}
          />
        )}
      </UseSignal>
    );
  }

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
