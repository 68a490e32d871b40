import { IReproduceApi } from './reproduceApi';
import { IReproduction } from './reproduceTypes';
import { ServerModel } from '../common/serverModel';

/**
 * One reproduction of a run, started on the server and followed to its
 * report: the model polls `GET reproductions/{id}` until it is done.
 */
export class ReproductionModel extends ServerModel {
  constructor(options: ReproductionModel.IOptions) {
    super();
    this._api = options.api;
    this.runId = options.runId;
    this.runName = options.runName ?? null;
    this._interval = options.interval ?? ReproductionModel.DEFAULT_INTERVAL;
  }

  /**
   * The run being reproduced, as the user named it.
   */
  readonly runId: string;

  /**
   * The run's name (`train #3`), when the command knew it.
   */
  readonly runName: string | null;

  /**
   * The server's last answer, or null before the first.
   */
  get reproduction(): IReproduction | null {
    return this._reproduction;
  }

  /**
   * Whether it ended: with a report, an error of its own, or a failed request.
   */
  get isDone(): boolean {
    const status = this._reproduction?.status;
    return (
      this.error !== null ||
      status === 'passed' ||
      status === 'failed' ||
      status === 'error'
    );
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
    while (!this.isDone && !this.isDisposed) {
      await Private.sleep(this._interval);
      if (this.isDisposed || this._reproduction === null) {
        return;
      }
      try {
        this._set(await this._api.getReproduction(this._reproduction.id));
      } catch (reason) {
        this._fail(reason);
      }
    }
  }

  private _set(reproduction: IReproduction): void {
    if (this.isDisposed) {
      return;
    }
    this._reproduction = reproduction;
    this.emitChanged();
  }

  private _fail(reason: unknown): void {
    if (this.isDisposed) {
      return;
    }
    this.setError(reason);
    this.emitChanged();
  }

  private _api: IReproduceApi;
  private _interval: number;
  private _reproduction: IReproduction | null = null;
}

/**
 * A namespace for `ReproductionModel` statics.
 */
export namespace ReproductionModel {
  export interface IOptions {
    api: IReproduceApi;
    runId: string;
    /**
     * The run's name, for titles.
     */
    runName?: string;
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
