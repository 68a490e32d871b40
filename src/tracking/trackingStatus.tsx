import { ReactWidget } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { TrackingFormat } from './trackingFormat';
import { ITrackingModel, ITrackingStatus } from '../tokens';

/**
 * The status bar item: the run of the focused notebook; a click pauses or
 * starts tracking.
 */
export class TrackingStatus extends ReactWidget {
  constructor(options: TrackingStatus.IOptions) {
    super();
    this._model = options.model;
    this._notebooks = options.notebooks;
    this._onToggle = options.onToggle;
    this._translator = options.translator ?? nullTranslator;
    this.addClass('jp-mlopsLab-TrackingStatus');
    this._model.statusChanged.connect(this._onStatusChanged, this);
    this._notebooks.currentChanged.connect(this.update, this);
  }

  /**
   * The status shown: that of the focused notebook, if tracked.
   */
  get status(): ITrackingStatus | null {
    const current = this._notebooks.currentWidget;
    return current ? this._model.statusOf(current) : null;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.statusChanged.disconnect(this._onStatusChanged, this);
    this._notebooks.currentChanged.disconnect(this.update, this);
    super.dispose();
  }

  protected render(): JSX.Element | null {
    const status = this.status;
    if (status === null) {
      return null;
    }
    const trans = this._translator.load('mlops-lab');
    const title = TrackingFormat.title(status, trans);
    return (
      <button
        type="button"
        className={`jp-mlopsLab-TrackingStatus-button jp-mod-${status.state}`}
        title={title}
        aria-label={title}
        disabled={!TrackingFormat.canToggle(status)}
        onClick={this._onToggle}
      >
        <span className="jp-mlopsLab-TrackingStatus-dot" aria-hidden="true" />
        <span className="jp-mlopsLab-TrackingStatus-text">
          {TrackingFormat.label(status, trans)}
        </span>
      </button>
    );
  }

  private _onStatusChanged(sender: ITrackingModel, panel: NotebookPanel) {
    if (panel === this._notebooks.currentWidget) {
      this.update();
    }
  }

  private _model: ITrackingModel;
  private _notebooks: INotebookTracker;
  private _onToggle: () => void;
  private _translator: ITranslator;
}

/**
 * A namespace for `TrackingStatus` statics.
 */
export namespace TrackingStatus {
  /**
   * The id of the item in the status bar.
   */
  export const ID = 'mlops-lab:tracking';

  export interface IOptions {
    model: ITrackingModel;
    /**
     * The open notebooks; the focused one is shown.
     */
    notebooks: INotebookTracker;
    /**
     * What a click does.
     */
    onToggle: () => void;
    translator?: ITranslator;
  }
}
