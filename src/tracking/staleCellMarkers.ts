import {
  INotebookTracker,
  Notebook,
  NotebookPanel
} from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';

import { ITrackingModel } from '../tokens';
import { TrackingFormat } from './trackingFormat';
import { IStaleCell } from './trackingTypes';

/**
 * Marks the cells of each notebook whose inputs changed since they ran, as
 * the kernel's tracking status lists them: a class on the cell and a
 * marker, with what changed as its tooltip, in the input prompt area.
 *
 * The status is asked after each execution, so a marker appears after the
 * cell that rewrote an input ran, and goes once the stale cell ran again.
 */
export class StaleCellMarkers implements IDisposable {
  constructor(options: StaleCellMarkers.IOptions) {
    this._tracking = options.tracking;
    this._trans = options.trans;
    this._tracking.statusChanged.connect(this._onStatusChanged, this);
    options.notebooks.forEach(panel => this.update(panel));
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Mark a notebook's cells as its tracking status says.
   */
  update(panel: NotebookPanel): void {
    if (panel.isDisposed) {
      return;
    }
    const stale = this._tracking.statusOf(panel)?.stale ?? [];
    const byCell = TrackingFormat.staleByCell(stale);
    for (const cell of panel.content.widgets) {
      StaleCellMarkers.mark(cell, byCell.get(cell.model.id) ?? [], this._trans);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.disconnectReceiver(this);
  }

  private _onStatusChanged(sender: ITrackingModel, panel: NotebookPanel): void {
    this.update(panel);
  }

  private _isDisposed = false;
  private _tracking: ITrackingModel;
  private _trans: TranslationBundle;
}

/**
 * A namespace for `StaleCellMarkers` statics.
 */
export namespace StaleCellMarkers {
  /**
   * A cell of a notebook.
   */
  export type Cell = Notebook['widgets'][number];

  export interface IOptions {
    notebooks: INotebookTracker;
    tracking: ITrackingModel;
    trans: TranslationBundle;
  }

  /**
   * The class of a stale cell.
   */
  export const STALE_CLASS = 'jp-mlopsLab-stale';

  /**
   * The class of the marker in a stale cell's prompt area.
   */
  export const MARKER_CLASS = 'jp-mlopsLab-StaleMarker';

  /**
   * Mark a cell as stale for `entries`, or unmark it when there are none.
   */
  export function mark(
    cell: Cell,
    entries: readonly IStaleCell[],
    trans: TranslationBundle
  ): void {
    // The prompt's own node is rewritten with each execution count, so the
    // marker sits beside it, over the prompt area.
    const host = cell.inputArea?.node ?? cell.node;
    let marker = host.querySelector<HTMLElement>(`:scope > .${MARKER_CLASS}`);
    if (entries.length === 0) {
      cell.removeClass(STALE_CLASS);
      marker?.remove();
      return;
    }
    cell.addClass(STALE_CLASS);
    if (marker === null) {
      marker = document.createElement('span');
      marker.className = MARKER_CLASS;
      marker.setAttribute('role', 'img');
      marker.textContent = '!';
      host.appendChild(marker);
    }
    const title = TrackingFormat.staleTitle(entries, trans);
    marker.title = title;
    marker.setAttribute('aria-label', trans.__('Stale: %1', title));
  }
}
