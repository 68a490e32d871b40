import { ReactWidget } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { IRunsModel } from '../tokens';
import { ISyncState } from './remoteTypes';
import { SyncFormat } from './syncFormat';

/**
 * The status bar item of the team's outbox: how many runs wait to be pushed
 * and, in the warning colour, why pushes fail. It follows the runs model's
 * `info` poll, so it asks the server nothing of its own.
 */
export class SyncStatus extends ReactWidget {
  constructor(options: SyncStatus.IOptions) {
    super();
    this._model = options.model;
    this._onClick = options.onClick;
    this._translator = options.translator ?? nullTranslator;
    this.addClass('jp-mlopsLab-SyncStatus');
    this._model.changed.connect(this.update, this);
  }

  /**
   * The outbox as the last `info` answer gave it, or null before one.
   */
  get sync(): ISyncState | null {
    return this._model.info?.sync ?? null;
  }

  /**
   * Whether the item has something to say.
   */
  get isShown(): boolean {
    return SyncFormat.isShown(this.sync);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.changed.disconnect(this.update, this);
    super.dispose();
  }

  protected render(): JSX.Element | null {
    const sync = this.sync;
    if (sync === null || !SyncFormat.isShown(sync)) {
      return null;
    }
    const trans = this._translator.load('mlops-lab');
    const title = SyncFormat.title(sync, trans);
    return (
      <button
        type="button"
        className={
          'jp-mlopsLab-SyncStatus-button' +
          (SyncFormat.isFailing(sync) ? ' jp-mod-failing' : '')
        }
        title={title}
        aria-label={title}
        onClick={this._onClick}
      >
        {SyncFormat.label(sync, trans)}
      </button>
    );
  }

  private _model: IRunsModel;
  private _onClick: () => void;
  private _translator: ITranslator;
}

/**
 * A namespace for `SyncStatus` statics.
 */
export namespace SyncStatus {
  /**
   * The id of the item in the status bar.
   */
  export const ID = 'mlops-lab:sync';

  export interface IOptions {
    /**
     * The runs model, whose `info` poll carries the outbox.
     */
    model: IRunsModel;
    /**
     * What a click does.
     */
    onClick: () => void;
    translator?: ITranslator;
  }
}
