import {
  INotebookTracker,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { NotebookTracking } from './notebookTracking';
import { ITrackingModel, ITrackingStatus } from '../tokens';

/**
 * Tracking of every open notebook: one `NotebookTracking` per notebook
 * panel, refreshed after each executed cell.
 */
export class TrackingModel implements ITrackingModel {
  constructor(options: TrackingModel.IOptions) {
    this._notebooks = options.notebooks;
    this._warnModuleMissing = options.warnModuleMissing;
  }

  get statusChanged(): ISignal<this, NotebookPanel> {
    return this._statusChanged;
  }

  get enabled(): boolean {
    return this._enabled;
  }
  set enabled(enabled: boolean) {
    if (enabled === this._enabled) {
      return;
    }
    this._enabled = enabled;
    this._trackings.forEach(tracking => {
      tracking.enabled = enabled;
    });
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Follow the open notebooks and those opened later.
   *
   * Call it once the settings are known, so a kernel is never given tracking
   * the user turned off.
   */
  start(): void {
    if (this._isStarted || this._isDisposed) {
      return;
    }
    this._isStarted = true;
    this._notebooks.forEach(panel => this._follow(panel));
    this._notebooks.widgetAdded.connect(this._onNotebookAdded, this);
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
  }

  statusOf(notebook: NotebookPanel): ITrackingStatus | null {
    return this._trackings.get(notebook)?.status ?? null;
  }

  async toggle(notebook: NotebookPanel): Promise<void> {
    await this._trackings.get(notebook)?.toggle();
  }

  async refresh(notebook: NotebookPanel): Promise<void> {
    await this._trackings.get(notebook)?.refresh();
  }

  /**
   * A "Run All" of a notebook starts: its first cell begins a new run.
   *
   * @returns What to call when the command has finished.
   */
  expectRunAll(notebook: NotebookPanel): () => void {
    const tracking = this._trackings.get(notebook);
    tracking?.expectRunAll();
    return () => tracking?.forgetRunAll();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._notebooks.widgetAdded.disconnect(this._onNotebookAdded, this);
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._trackings.forEach(tracking => tracking.dispose());
    this._trackings.clear();
    Signal.clearData(this);
  }

  private _onNotebookAdded(sender: INotebookTracker, panel: NotebookPanel) {
    this._follow(panel);
  }

  private _follow(panel: NotebookPanel): void {
    if (this._trackings.has(panel) || panel.isDisposed) {
      return;
    }
    const tracking = new NotebookTracking({ panel, enabled: this._enabled });
    this._trackings.set(panel, tracking);
    tracking.statusChanged.connect(() => this._statusChanged.emit(panel));
    tracking.moduleMissing.connect(this._onModuleMissing, this);
    panel.disposed.connect(() => {
      this._trackings.delete(panel);
      tracking.dispose();
    });
    this._statusChanged.emit(panel);
  }

  /**
   * Warn once per kernel: a notebook reopened on the same kernel, or a
   * restart, does not warn again.
   */
  private _onModuleMissing(
    sender: NotebookTracking,
    kernel: Kernel.IKernelConnection
  ): void {
    if (this._warnedKernels.has(kernel.id)) {
      return;
    }
    this._warnedKernels.add(kernel.id);
    this._warnModuleMissing(kernel);
  }

  private _onScheduled(sender: unknown, args: { notebook: Notebook }): void {
    this._trackingOf(args.notebook)?.beforeCell();
  }

  private _onExecuted(sender: unknown, args: { notebook: Notebook }): void {
    this._trackingOf(args.notebook)?.refreshSoon();
  }

  private _trackingOf(notebook: Notebook): NotebookTracking | undefined {
    for (const tracking of this._trackings.values()) {
      if (tracking.panel.content === notebook) {
        return tracking;
      }
    }
    return undefined;
  }

  private _enabled = true;
  private _isDisposed = false;
  private _isStarted = false;
  private _notebooks: INotebookTracker;
  private _statusChanged = new Signal<this, NotebookPanel>(this);
  private _trackings = new Map<NotebookPanel, NotebookTracking>();
  private _warnedKernels = new Set<string>();
  private _warnModuleMissing: (kernel: Kernel.IKernelConnection) => void;
}

/**
 * A namespace for `TrackingModel` statics.
 */
export namespace TrackingModel {
  export interface IOptions {
    /**
     * The open notebooks.
     */
    notebooks: INotebookTracker;
    /**
     * Tell the user that mlops_lab is missing in a kernel's environment;
     * called once per kernel.
     */
    warnModuleMissing: (kernel: Kernel.IKernelConnection) => void;
  }
}
