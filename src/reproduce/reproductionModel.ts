import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { IReproduceApi } from './reproduceApi';
import { IReproduction } from './reproduceTypes';
import { errorMessage } from '../common/errorMessage';

/**
 * One reproduction of a run, started on the server and followed to its
 * report: the model polls `GET reproductions/{id}` until it is done.
 */
export class ReproductionModel implements IDisposable {
  constructor(options: ReproductionModel.IOptions) {
    this._api = options.api;
    this.runId = options.runId;
    this._interval = options.interval ?? ReproductionModel.DEFAULT_INTERVAL;
  }

  /**
   * The run being reproduced, as the user named it.
   */
  readonly runId: string;

  /**
   * Emitted whenever the reproduction's state changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The server's last answer, or null before the first.
   */
  get reproduction(): IReproduction | null {
    return this._reproduction;
  }

  /**
   * Why the reproduction could not be started or followed, or null.
   */
  get error(): string | null {
    return this._error;
  }

  /**
   * Whether it ended: with a report, an error of its own, or a failed request.
   */
  get isDone(): boolean {
    const status = this._reproduction?.status;
    return (
      this._error !== null ||
      status === 'passed' ||
      status === 'failed' ||
      status === 'error'
    );
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Start the reproduction and follow it until it is done.
   */
  async start(): Promise<void> {
    try {
      this._set(await this._api.startReproduction({ run_id: this.runId }));
    } catch (reason) {
      this._fail(reason);
      return;
    }
    while (!this.isDone && !this._isDisposed) {
      await Private.sleep(this._interval);
      if (this._isDisposed || this._reproduction === null) {
        return;
      }
      try {
        this._set(await this._api.getReproduction(this._reproduction.id));
      } catch (reason) {
        this._fail(reason);
      }
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _set(reproduction: IReproduction): void {
    if (this._isDisposed) {
      return;
    }
    this._reproduction = reproduction;
    this._changed.emit();
  }

  private _fail(reason: unknown): void {
    if (this._isDisposed) {
      return;
    }
    this._error = errorMessage(reason);
    this._changed.emit();
  }

  private _api: IReproduceApi;
  private _interval: number;
  private _reproduction: IReproduction | null = null;
  private _error: string | null = null;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * A namespace for `ReproductionModel` statics.
 */
export namespace ReproductionModel {
  export interface IOptions {
    api: IReproduceApi;
    runId: string;
    /**
     * Milliseconds between two polls.
     */
    interval?: number;
  }

  /**
   * Milliseconds between two polls by default.
   */
  export const DEFAULT_INTERVAL = 1000;
}

namespace Private {
  export function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
  }
}
