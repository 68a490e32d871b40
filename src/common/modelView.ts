import { ReactWidget } from '@jupyterlab/apputils';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';

/**
 * The base of a main-area view that renders one model and owns it: closing
 * the view disposes the model (its polls and requests end with it).
 */
export abstract class ModelView<M extends IDisposable> extends ReactWidget {
  constructor(options: ModelView.IOptions<M>) {
    super();
    this.model = options.model;
    this.trans = (options.translator ?? nullTranslator).load('mlops-lab');
    this.addClass(options.className);
  }

  /**
   * The model the view renders; disposed with the view.
   */
  readonly model: M;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  /**
   * The translations of the view's strings.
   */
  protected readonly trans: TranslationBundle;
}

/**
 * A namespace for `ModelView` statics.
 */
export namespace ModelView {
  export interface IOptions<M> {
    model: M;
    translator?: ITranslator;
    /**
     * The CSS class of the view's node.
     */
    className: string;
  }
}
