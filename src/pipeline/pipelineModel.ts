import { ReadonlyJSONValue } from '@lumino/coreutils';

import { IPipelineApi } from './pipelineApi';
import {
  IPipelineExport,
  IPipelineJob,
  IPipelinePreview,
  IPipelineParameter
} from './pipelineTypes';
import { ServerModel } from '../common/serverModel';

/**
 * The export dialog's state for one notebook: its pipeline preview, the
 * target, parameter values typed by the user, and a local run's progress.
 */
export class PipelineExportModel extends ServerModel {
  constructor(options: PipelineExportModel.IOptions) {
    super();
    this._api = options.api;
    this._path = options.path;
    this._content = options.content;
    this._save = options.save;
    this._isDirty = options.isDirty ?? (() => false);
    this._onRunFinished = options.onRunFinished ?? null;
    this._pollInterval = options.pollInterval ?? 500;
  }

  /**
   * The notebook's path, relative to the server root.
   */
  get path(): string {
    return this._path;
  }

  get preview(): IPipelinePreview | null {
    return this._preview;
  }

  /**
   * Whether a request is on its way (preview, export or starting a run).
   */
  get busy(): boolean {
    return this.isLoading;
  }

  get target(): string {
    return this._target;
  }

  set target(value: string) {
    this._target = value;
    this.emitChanged();
  }

  /**
   * What the last export wrote.
   */
  get exported(): IPipelineExport | null {
    return this._exported;
  }

  /**
   * The local run started from this dialog, as last polled.
   */
  get job(): IPipelineJob | null {
    return this._job;
  }

  /**
   * Whether the pipeline can be exported or run (a preview without problems).
   */
  get canExport(): boolean {
    return (
      !!this._preview && this._preview.problems.length === 0 && !this.isLoading
    );
  }

  get isRunning(): boolean {
    return this._job?.state === 'running';
  }

  /**
   * The text typed for a parameter, or its default as text.
   */
  valueText(parameter: IPipelineParameter): string {
    return (
      this._values.get(parameter.name) ??
      PipelineExportModel.formatValue(parameter.default)
    );
  }

  setValueText(name: string, text: string): void {
    this._values.set(name, text);
    this.emitChanged();
  }

  /**
   * Ask the server what the notebook (as it is now in the editor) becomes.
   */
  async refresh(): Promise<void> {
    await this._request(async () => {
      const content = this._content();
      this._hasStepMarks = PipelineExportModel.hasStepMarks(content);
      this._preview = await this._api.preview(this._path, content);
    });
  }

  /**
   * Whether any cell of the notebook is marked as a step (else the whole
   * notebook is one step, and the dialog says how to mark steps).
   */
  get hasStepMarks(): boolean {
    return this._hasStepMarks;
  }

  /**
   * The action waiting for the user to agree to save the notebook (it has
   * unsaved changes, and the pipeline reads the notebook as saved).
   */
  get pendingSave(): 'export' | 'run' | null {
    return this._pendingSave;
  }

  /**
   * Save the notebook and carry on with the pending action.
   */
  async confirmSave(): Promise<void> {
    const action = this._pendingSave;
    this._pendingSave = null;
    if (action === 'export') {
      await this.exportPipeline(true);
    } else if (action === 'run') {
      await this.runLocally(true);
    }
  }

  /**
   * Drop the pending action: nothing is saved, exported or run.
   */
  cancelSave(): void {
    this._pendingSave = null;
    this.emitChanged();
  }

  /**
   * Whether to ask before saving for `action` (and ask: the view shows it).
   */
  private _mustAsk(action: 'export' | 'run', saveAgreed: boolean): boolean {
    if (saveAgreed || !this._isDirty()) {
      return false;
    }
    this._pendingSave = action;
    this.emitChanged();
    return true;
  }

  /**
   * Save the notebook, then write it for the chosen target; a notebook with
   * unsaved changes is saved only once the user agrees (`confirmSave`).
   */
  async exportPipeline(saveAgreed = false): Promise<void> {
    if (this._mustAsk('export', saveAgreed)) {
      return;
    }
    await this._request(async () => {
      if ((await this._save()) === false) {
        return;
      }
      this._exported = await this._api.exportPipeline(this._path, this._target);
    });
  }

  /**
   * Save the notebook (asking first, as for an export), run it as a local
   * pipeline, and follow the run.
   */
  async runLocally(saveAgreed = false): Promise<void> {
    if (this._mustAsk('run', saveAgreed)) {
      return;
    }
    let parameters: { [name: string]: ReadonlyJSONValue };
    try {
      parameters = this._changedParameters();
    } catch (error) {
      this.setError(error);
      this.emitChanged();
      return;
    }
    await this._request(async () => {
      if ((await this._save()) === false) {
        return;
      }
      this._job = await this._api.startRun(this._path, parameters);
    });
    while (this._job && this._job.state === 'running' && !this.isDisposed) {
      await new Promise(resolve => setTimeout(resolve, this._pollInterval));
      if (this.isDisposed) {
        return;
      }
      try {
        this._job = await this._api.getRun(this._job.id);
        this.setError(null);
      } catch (error) {
        this.setError(error);
        this.emitChanged();
        return;
      }
      this.emitChanged();
    }
    if (this._job?.state === 'finished' && this._job.run_id) {
      this._onRunFinished?.(this._job.run_id);
    }
  }

  /**
   * Values typed for parameters, converted to their types; those left at
   * their default are not sent.
   */
  private _changedParameters(): { [name: string]: ReadonlyJSONValue } {
    const values: { [name: string]: ReadonlyJSONValue } = {};
    for (const parameter of this._preview?.parameters ?? []) {
      const text = this._values.get(parameter.name);
      if (
        text === undefined ||
        text === PipelineExportModel.formatValue(parameter.default)
      ) {
        continue;
      }
      values[parameter.name] = PipelineExportModel.parseValue(parameter, text);
    }
    return values;
  }

  private async _request(work: () => Promise<void>): Promise<void> {
    this.setError(null);
    await this.loading(work);
  }

  private _api: IPipelineApi;
  private _path: string;
  private _content: () => ReadonlyJSONValue;
  private _save: () => Promise<boolean | void>;
  private _hasStepMarks = true;
  private _isDirty: () => boolean;
  private _pendingSave: 'export' | 'run' | null = null;
  private _onRunFinished: ((runId: string) => void) | null;
  private _pollInterval: number;
  private _preview: IPipelinePreview | null = null;
  private _target = 'local';
  private _exported: IPipelineExport | null = null;
  private _job: IPipelineJob | null = null;
  private _values = new Map<string, string>();
}

export namespace PipelineExportModel {
  export interface IOptions {
    api: IPipelineApi;
    /**
     * The notebook's path, relative to the server root.
     */
    path: string;
    /**
     * The notebook's JSON as it is in the editor (unsaved edits included).
     */
    content: () => ReadonlyJSONValue;
    /**
     * Save the notebook, so an export or run reads what the user sees;
     * resolves to `false` when the user declines (nothing is exported or run).
     */
    save: () => Promise<boolean | void>;
    /**
     * Whether the notebook has unsaved changes: the user is asked before
     * they are saved.
     */
    isDirty?: () => boolean;
    /**
     * Called with the recorded run's id when a local run finishes.
     */
    onRunFinished?: (runId: string) => void;
    /**
     * Milliseconds between two polls of a running pipeline.
     */
    pollInterval?: number;
  }

  /**
   * The Kale tags that also mark a step.
   */
  const STEP_TAGS = ['step:', 'block:'];

  /**
   * Whether a notebook's JSON has a cell marked as a step: a `step:NAME` (or
   * Kale `block:NAME`) tag, or a first line `%%mlops step NAME`.
   */
  export function hasStepMarks(content: ReadonlyJSONValue): boolean {
    const cells = (content as { cells?: unknown } | null)?.cells;
    if (!Array.isArray(cells)) {
      return false;
    }
    return cells.some(cell => {
      const tags: unknown = cell?.metadata?.tags;
      if (
        Array.isArray(tags) &&
        tags.some(
          tag =>
            typeof tag === 'string' &&
            STEP_TAGS.some(prefix => tag.startsWith(prefix))
        )
      ) {
        return true;
      }
      const source: unknown = cell?.source;
      const text = Array.isArray(source) ? source.join('') : source;
      return typeof text === 'string' && /^\s*%%mlops\s+step\b/.test(text);
    });
  }

  /**
   * A parameter value as the user types it: strings bare, the rest as JSON.
   */
  export function formatValue(value: ReadonlyJSONValue): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /**
   * Read a typed value back for a parameter; strings stay as they are.
   *
   * @throws {Error} When the text is not a value of the parameter's type.
   */
  export function parseValue(
    parameter: IPipelineParameter,
    text: string
  ): ReadonlyJSONValue {
    if (parameter.type === 'str') {
      return text;
    }
    try {
      return JSON.parse(text) as ReadonlyJSONValue;
    } catch {
      throw new Error(
        `${parameter.name} is a ${parameter.type}: ${JSON.stringify(text)} is not one.`
      );
    }
  }
}
