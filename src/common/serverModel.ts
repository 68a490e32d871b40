import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from './errorMessage';

/**
 * The base of the models that load from the server: a `changed` signal, the
 * message of the last failed request, whether a load is on its way, and
 * disposal (after which `changed` is no longer emitted).
 */
export abstract class ServerModel implements IDisposable {
  /**
   * Emitted whenever anything the model exposes changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The message of the last failed request, or null.
   */
  get error(): string | null {
    return this._error;
  }

  /**
   * Whether a load started with `loading()` is on its way.
   */
  get isLoading(): boolean {
    return this._isLoading;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  /**
   * Emit `changed`, unless the model is disposed.
   */
  protected emitChanged(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  /**
   * Keep the message of what was thrown as `error`; null clears it.
   */
  protected setError(error: unknown): void {
    this._error = error === null ? null : errorMessage(error);
  }

  /**
   * Run a load: `isLoading` is true (and `changed` emitted) while `work`
   * runs; what it throws becomes `error`; `changed` is emitted at the end.
   */
  protected async loading(work: () => Promise<void>): Promise<void> {
    this._isLoading = true;
    this.emitChanged();
    try {
      await work();
    } catch (error) {
      this.setError(error);
    } finally {
      this._isLoading = false;
      this.emitChanged();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _error: string | null = null;
  private _isDisposed = false;
  private _isLoading = false;
}
