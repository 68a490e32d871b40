import { ISessionContext } from '@jupyterlab/apputils';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { KernelTracker } from './kernelTracker';
import { ITrackingStatus } from '../tokens';

/**
 * Tracking of one notebook: follows its kernel through starts, restarts and
 * kernel changes, loading tracking each time the kernel is ready, and tells
 * the kernel which cells are tagged `parameters`.
 */
export class NotebookTracking implements IDisposable {
  constructor(options: NotebookTracking.IOptions) {
    this._panel = options.panel;
    this._enabled = options.enabled;
    this._refreshDebouncer = new Debouncer(
      () => this._tracker?.refresh(),
      NotebookTracking.REFRESH_DELAY
    );
    this._declareDebouncer = new Debouncer(
      () => this.declareParameterCells(),
      NotebookTracking.DECLARE_DELAY
    );

    const sessionContext = this._panel.sessionContext;
    sessionContext.kernelChanged.connect(this._onKernelChanged, this);
    sessionContext.statusChanged.connect(this._onStatusChanged, this);
    const model = this._panel.context.model;
    model.cells.changed.connect(this._onCellsChanged, this);
    this._onCellsChanged();
    this._bind(sessionContext.session?.kernel ?? null);
  }

  /**
   * Emitted when the tracking status changes.
   */
  get statusChanged(): ISignal<this, ITrackingStatus> {
    return this._statusChanged;
  }

  /**
   * Emitted with a kernel that answered that mlops_lab is not installed.
   */
  get moduleMissing(): ISignal<this, Kernel.IKernelConnection> {
    return this._moduleMissing;
  }

  get panel(): NotebookPanel {
    return this._panel;
  }

  get status(): ITrackingStatus {
    return this._tracker?.status ?? NotebookTracking.NO_KERNEL_STATUS;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Whether tracking is loaded when a kernel becomes ready.
   */
  get enabled(): boolean {
    return this._enabled;
  }
  set enabled(enabled: boolean) {
    this._enabled = enabled;
    void this._tracker?.setEnabled(enabled).catch(reason => {
      console.warn('mlops-lab: could not pause tracking.', reason);
    });
  }

  /**
   * Ask the kernel for its status after a short delay; calls in a burst (a
   * notebook running all its cells) make one request.
   */
  refreshSoon(): void {
    void this._refreshDebouncer.invoke();
  }

  /**
   * Name the cells tagged `parameters` to the kernel now if the tags changed
   * since it last heard: called before a cell runs, so a cell tagged just
   * before is recorded as the parameters cell.
   */
  declareParameterCells(): void {
    if (!this._tagsChanged) {
      return;
    }
    this._tagsChanged = false;
    // The request is sent before this returns, so it reaches the kernel
    // ahead of the cell about to run.
    void this._tracker?.declareParameterCells(this._parameterCells());
  }

  /**
   * The next cell scheduled is the first of a "Run All": end the kernel's
   * run just before it, so the cells begin a new one.
   */
  expectRunAll(): void {
    this._runAllPending = true;
  }

  /**
   * The "Run All" ended or was cancelled (the restart dialog dismissed)
   * before any cell ran: the next cell continues the run.
   */
  forgetRunAll(): void {
    this._runAllPending = false;
  }

  /**
   * A cell is about to be sent to the kernel: first send what the kernel
   * must hear before it (the parameter cells, the start of a "Run All").
   * Requests are sent before this returns, so they reach the kernel ahead
   * of the cell.
   */
  beforeCell(): void {
    this.declareParameterCells();
    if (this._runAllPending) {
      this._runAllPending = false;
      void this._tracker?.beginRunAll();
    }
  }

  /**
   * Ask the kernel for its status now.
   */
  async refresh(): Promise<void> {
    await this._tracker?.refresh();
  }

  /**
   * Pause recording when it records, else start it.
   *
   * @throws {Error} With the kernel's message when it refused.
   */
  async toggle(): Promise<void> {
    await this._tracker?.toggle();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._startTimer !== null) {
      clearTimeout(this._startTimer);
    }
    this._refreshDebouncer.dispose();
    this._declareDebouncer.dispose();
    this._tracker?.dispose();
    this._tracker = null;
    Signal.clearData(this);
  }

  private _onKernelChanged(
    sender: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    this._bind(change.newValue);
  }

  private _onStatusChanged(
    sender: ISessionContext,
    status: Kernel.Status
  ): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._tracker?.restart();
      this._scheduleStart();
    }
  }

  /**
   * Follow a new kernel connection (or none).
   */
  private _bind(kernel: Kernel.IKernelConnection | null): void {
    if (kernel === this._kernel) {
      return;
    }
    this._tracker?.dispose();
    this._tracker = null;
    this._kernel = kernel;
    if (kernel !== null) {
      const tracker = new KernelTracker({
        kernel,
        enabled: this._enabled,
        parameterCells: this._parameterCells()
      });
      tracker.changed.connect(this._onTrackerChanged, this);
      this._tracker = tracker;
      this._scheduleStart();
    }
    this._statusChanged.emit(this.status);
  }

  /**
   * Start tracking once the current event is handled: a restart clears the
   * kernel connection's queue right after announcing it, and the request
   * must be queued after that, before any cell the user runs next.
   */
  private _scheduleStart(): void {
    if (this._startTimer !== null) {
      return;
    }
    this._startTimer = setTimeout(() => {
      this._startTimer = null;
      void this._start();
    }, 0);
  }

  private async _start(): Promise<void> {
    const kernel = this._kernel;
    const tracker = this._tracker;
    if (kernel === null || tracker === null || kernel.isDisposed) {
      return;
    }
    let language: string;
    try {
      language = await this._languageOf(kernel);
    } catch (reason) {
      console.warn('mlops-lab: could not learn the kernel language.', reason);
      return;
    }
    if (tracker === this._tracker) {
      await tracker.start(language);
    }
  }

  /**
   * The kernel's language: from its kernel spec, known without asking the
   * kernel, else from the kernel's info reply.
   */
  private async _languageOf(kernel: Kernel.IKernelConnection): Promise<string> {
    const specs = this._panel.sessionContext.specsManager.specs;
    const spec = specs?.kernelspecs[kernel.name];
    if (spec) {
      return spec.language;
    }
    const info = await kernel.info;
    return info.language_info.name;
  }

  private _onTrackerChanged(
    sender: KernelTracker,
    status: ITrackingStatus
  ): void {
    if (sender !== this._tracker) {
      return;
    }
    if (status.state === 'missing' && this._kernel !== null) {
      this._moduleMissing.emit(this._kernel);
    }
    this._statusChanged.emit(status);
  }

  private _onCellsChanged(): void {
    for (const cell of this._panel.context.model.cells) {
      // Connecting twice is a no-op, so every cell is followed once.
      cell.metadataChanged.connect(this._onMetadataChanged, this);
    }
    this._onTagsChanged();
  }

  private _onMetadataChanged(cell: unknown, change: { key: string }): void {
    if (change.key === 'tags') {
      this._onTagsChanged();
    }
  }

  private _onTagsChanged(): void {
    this._tagsChanged = true;
    void this._declareDebouncer.invoke();
  }

  private _parameterCells(): string[] {
    return NotebookTracking.parameterCells(this._panel.context.model);
  }

  private _declareDebouncer: Debouncer;
  private _enabled: boolean;
  private _isDisposed = false;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _moduleMissing = new Signal<this, Kernel.IKernelConnection>(this);
  private _panel: NotebookPanel;
  private _refreshDebouncer: Debouncer;
  private _runAllPending = false;
  private _startTimer: ReturnType<typeof setTimeout> | null = null;
  private _statusChanged = new Signal<this, ITrackingStatus>(this);
  private _tagsChanged = false;
  private _tracker: KernelTracker | null = null;
}

/**
 * A namespace for `NotebookTracking` statics.
 */
export namespace NotebookTracking {
  export interface IOptions {
    /**
     * The notebook to track.
     */
    panel: NotebookPanel;
    /**
     * Whether tracking is loaded when a kernel becomes ready.
     */
    enabled: boolean;
  }

  /**
   * Milliseconds after the last executed cell before asking for the status.
   */
  export const REFRESH_DELAY = 250;

  /**
   * Milliseconds after the last tag change before naming the parameter cells.
   */
  export const DECLARE_DELAY = 500;

  /**
   * The status of a notebook without a kernel.
   */
  export const NO_KERNEL_STATUS: ITrackingStatus = Object.freeze({
    ...KernelTracker.INITIAL_STATUS,
    state: 'noKernel'
  });

  /**
   * The ids of a notebook's code cells tagged `parameters`, in order.
   */
  export function parameterCells(model: INotebookModel): string[] {
    const ids: string[] = [];
    for (const cell of model.cells) {
      const tags: unknown = cell.getMetadata('tags');
      if (
        cell.type === 'code' &&
        Array.isArray(tags) &&
        tags.includes('parameters')
      ) {
        ids.push(cell.id);
      }
    }
    return ids;
  }
}
