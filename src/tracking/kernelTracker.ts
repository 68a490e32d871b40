import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { KernelTracking } from './kernelTracking';
import { ITrackingStatus } from '../tokens';
import { errorMessage } from '../common/errorMessage';

/**
 * Tracking in one kernel connection: loads the IPython extension, names the
 * parameter cells, switches recording on and off, and keeps the kernel's
 * answer as a status.
 *
 * It never throws into the notebook: every failure becomes a status.
 */
export class KernelTracker implements IDisposable {
  constructor(options: KernelTracker.IOptions) {
    this._kernel = options.kernel;
    this._enabled = options.enabled;
    this._parameterCells = [...(options.parameterCells ?? [])];
  }

  /**
   * Emitted when the status changes.
   */
  get changed(): ISignal<this, ITrackingStatus> {
    return this._changed;
  }

  get status(): ITrackingStatus {
    return this._status;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Whether tracking was loaded into the kernel since it last (re)started.
   */
  get isLoaded(): boolean {
    return this._isLoaded;
  }

  /**
   * The kernel is ready: load tracking when its language is Python and
   * tracking is enabled.
   *
   * @param language - The kernel's language, as its kernel spec names it.
   */
  async start(language: string): Promise<void> {
    this._language = language;
    if (!KernelTracker.isPython(language)) {
      this._setStatus({
        ...KernelTracker.INITIAL_STATUS,
        state: 'unsupported',
        message: language
      });
      return;
    }
    if (!this._enabled) {
      this._setStatus({ ...KernelTracker.INITIAL_STATUS, state: 'disabled' });
      return;
    }
    await this._load();
  }

  /**
   * The kernel restarts: forget its state until `start` is called again.
   */
  restart(): void {
    this._generation++;
    this._isLoaded = false;
    this._pausedBySetting = false;
    this._setStatus(KernelTracker.INITIAL_STATUS);
  }

  /**
   * Ask the kernel for its status, when tracking was loaded into it.
   */
  async refresh(): Promise<void> {
    if (!this._isLoaded) {
      return;
    }
    await this._run('');
  }

  /**
   * Follow the `trackingEnabled` setting: turned off, the kernel pauses;
   * turned on, it loads tracking, or resumes what the setting paused.
   */
  async setEnabled(enabled: boolean): Promise<void> {
    if (enabled === this._enabled) {
      return;
    }
    this._enabled = enabled;
    const state = this._status.state;
    if (enabled && state === 'disabled') {
      await this._load();
    } else if (enabled && state === 'paused' && this._pausedBySetting) {
      this._pausedBySetting = false;
      await this._switch(true);
    } else if (!enabled && state === 'recording') {
      this._pausedBySetting = true;
      await this._switch(false);
    } else if (!enabled && !this._isLoaded && this._language !== null) {
      // Not loaded (missing, failed): say the setting is why now.
      await this.start(this._language);
    }
  }

  /**
   * Pause recording when it records, else start it: load tracking into a
   * kernel that does not have it, or resume the paused run.
   *
   * @throws {Error} With the kernel's message when it refused.
   */
  async toggle(): Promise<void> {
    // The user decides now, not the setting.
    this._pausedBySetting = false;
    switch (this._status.state) {
      case 'recording':
        return this._switch(false);
      case 'paused':
        return this._switch(true);
      case 'disabled':
      case 'error':
        return this._load();
      default:
        return;
    }
  }

  /**
   * Name the cells tagged `parameters`; the kernel hears of it when tracking
   * is loaded and the list changed.
   */
  async declareParameterCells(cellIds: readonly string[]): Promise<void> {
    const changed = !Private.sameIds(cellIds, this._parameterCells);
    this._parameterCells = [...cellIds];
    if (changed && this._isLoaded) {
      await this._run(KernelTracking.declareCode(this._parameterCells));
    }
  }

  /**
   * End the kernel's run before the cells of a "Run All", so they begin a
   * new one. A kernel without tracking loaded (just restarted) has no run
   * to end: its first cell begins one anyway.
   */
  async beginRunAll(): Promise<void> {
    if (this._isLoaded) {
      await this._run(KernelTracking.RUN_ALL_CODE);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._generation++;
    Signal.clearData(this);
  }

  private async _load(): Promise<void> {
    for (let attempt = 0; attempt < KernelTracker.LOAD_ATTEMPTS; attempt++) {
      const outcome = await this._run(
        KernelTracking.loadCode(this._parameterCells)
      );
      if (outcome?.kind === 'status') {
        this._isLoaded = true;
      }
      if (outcome?.kind !== 'aborted') {
        return;
      }
    }
  }

  private async _switch(on: boolean): Promise<void> {
    const outcome = await this._send(KernelTracking.switchCode(on));
    if (outcome === null) {
      return;
    }
    if (outcome.kind === 'status') {
      this._apply(outcome);
      return;
    }
    // The magic failed: show what the kernel records now, and say why.
    await this.refresh();
    if (outcome.kind === 'aborted') {
      throw new Error(KernelTracker.ABORTED_MESSAGE);
    }
    throw new Error(outcome.message);
  }

  /**
   * Send code and apply the kernel's answer; null when the answer is stale.
   */
  private async _run(code: string): Promise<KernelTracking.Outcome | null> {
    const outcome = await this._send(code);
    if (outcome !== null) {
      this._apply(outcome);
    }
    return outcome;
  }

  /**
   * Send code; null when the kernel restarted or this tracker was disposed
   * before the answer came.
   */
  private async _send(code: string): Promise<KernelTracking.Outcome | null> {
    const generation = this._generation;
    let outcome: KernelTracking.Outcome;
    try {
      outcome = await KernelTracking.execute(this._kernel, code);
    } catch (error) {
      const message = errorMessage(error);
      outcome = { kind: 'error', message };
    }
    return generation === this._generation ? outcome : null;
  }

  private _apply(outcome: KernelTracking.Outcome): void {
    // A skipped request says nothing new about the kernel.
    if (outcome.kind !== 'aborted') {
      this._setStatus(KernelTracker.statusFrom(outcome));
    }
  }

  private _setStatus(status: ITrackingStatus): void {
    if (Private.sameStatus(status, this._status)) {
      return;
    }
    this._status = status;
    this._changed.emit(status);
  }

  private _changed = new Signal<this, ITrackingStatus>(this);
  private _enabled: boolean;
  private _generation = 0;
  private _isDisposed = false;
  private _isLoaded = false;
  private _kernel: KernelTracking.IExecutor;
  private _language: string | null = null;
  private _parameterCells: string[];
  private _pausedBySetting = false;
  private _status: ITrackingStatus = KernelTracker.INITIAL_STATUS;
}

/**
 * A namespace for `KernelTracker` statics.
 */
export namespace KernelTracker {
  export interface IOptions {
    /**
     * The kernel connection; only its `requestExecute` is used.
     */
    kernel: KernelTracking.IExecutor;
    /**
     * Whether tracking is loaded when the kernel starts.
     */
    enabled: boolean;
    /**
     * The ids of the cells tagged `parameters`.
     */
    parameterCells?: readonly string[];
  }

  /**
   * How often loading is sent again when the kernel skips it (it was queued
   * behind a failing cell).
   */
  export const LOAD_ATTEMPTS = 3;

  /**
   * Why a switch did nothing when the kernel skipped it.
   */
  export const ABORTED_MESSAGE =
    'The kernel skipped the request after a failing cell; try again.';

  /**
   * The status before the kernel answered.
   */
  export const INITIAL_STATUS: ITrackingStatus = Object.freeze({
    state: 'pending',
    runId: null,
    runName: null,
    store: null,
    version: null,
    message: '',
    stale: []
  });

  /**
   * Whether a kernel spec language is Python, the language tracking supports.
   */
  export function isPython(language: string): boolean {
    return language.trim().toLowerCase() === 'python';
  }

  /**
   * The status a kernel's answer means.
   */
  export function statusFrom(
    outcome: Exclude<KernelTracking.Outcome, { kind: 'aborted' }>
  ): ITrackingStatus {
    if (outcome.kind !== 'status') {
      return {
        ...INITIAL_STATUS,
        state: outcome.kind,
        message: outcome.message
      };
    }
    const status = outcome.status;
    return {
      state: status.tracking ? 'recording' : 'paused',
      runId: status.run_id,
      runName: status.run_name,
      store: status.store,
      version: status.version,
      message: '',
      stale: status.stale
    };
  }
}

namespace Private {
  export function sameIds(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((id, i) => id === b[i]);
  }

  export function sameStatus(a: ITrackingStatus, b: ITrackingStatus): boolean {
    return (
      a.state === b.state &&
      a.runId === b.runId &&
      a.runName === b.runName &&
      a.store === b.store &&
      a.version === b.version &&
      a.message === b.message &&
      JSON.stringify(a.stale) === JSON.stringify(b.stale)
    );
  }
}
