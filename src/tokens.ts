import { NotebookPanel } from '@jupyterlab/notebook';
import { ReadonlyJSONValue, Token } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';
import { ISignal } from '@lumino/signaling';

import { ICompareResult } from './compare/compareTypes';
import { IRunDetail } from './runs/runDetailTypes';

export * from './compare/compareTypes';
export * from './runs/runDetailTypes';

/*
 * Wire types: they mirror the schemas of the OpenAPI document
 * `mlops_lab/server/openapi.yaml`, which is the contract with the server.
 */

/**
 * The status of a run (`RunStatus`).
 */
export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';

/**
 * The columns the server can sort runs by (`RunSortKey`).
 */
export type RunSortKey =
  | 'started_at'
  | 'ended_at'
  | 'duration'
  | 'status'
  | 'notebook'
  | 'experiment'
  | 'name';

/**
 * What the run list can be sorted by: a column, or a metric or a parameter
 * (`metrics.NAME`, `params.NAME`; runs lacking it sort last).
 */
export type RunSortColumn =
  RunSortKey | `metrics.${string}` | `params.${string}`;

/**
 * The direction of a sort.
 */
export type SortOrder = 'asc' | 'desc';

/**
 * The server extension and the store it serves (`Info`).
 */
export interface IInfo {
  /**
   * Version of the mlops_lab Python package.
   */
  version: string;
  /**
   * Absolute path of the store folder.
   */
  store: string;
  schema_version: number;
  /**
   * Grows whenever a run is created, changed or deleted.
   */
  revision: number;
  run_count: number;
}

/**
 * One tracked session of a notebook (`Run`).
 */
export interface IRun {
  /**
   * 32 lowercase hexadecimal digits.
   */
  id: string;
  name: string;
  experiment: string;
  notebook: string | null;
  status: RunStatus;
  /**
   * ISO 8601, UTC, with a trailing Z.
   */
  started_at: string;
  ended_at: string | null;
  /**
   * Seconds from start to end; null while running.
   */
  duration: number | null;
  cell_count: number;
  params: { [name: string]: ReadonlyJSONValue };
  /**
   * The latest value of each metric.
   */
  metrics: { [name: string]: number };
  tags: { [name: string]: string };
  /**
   * The git state of the notebook's repository, or null outside one.
   */
  git: IGitSummary | null;
}

/**
 * The git commit a run was recorded at (`GitSummary`).
 */
export interface IGitSummary {
  /**
   * The full commit hash.
   */
  commit: string;
  /**
   * Null on a detached HEAD.
   */
  branch: string | null;
  /**
   * Whether tracked files differed from the commit.
   */
  dirty: boolean;
}

/**
 * How a cell opened a file (`FileMode`).
 */
export type FileMode = 'read' | 'write';

/**
 * One executed cell of a run (`CellExecution`).
 */
export interface ICellExecution {
  /**
   * Position in execution order, from 1.
   */
  seq: number;
  execution_count: number | null;
  /**
   * The nbformat cell id.
   */
  cell_id: string | null;
  code: string;
  started_at: string;
  /**
   * Milliseconds the cell ran.
   */
  duration_ms: number;
  status: 'ok' | 'error';
  error: { name: string; value: string } | null;
  /**
   * The variables the cell created, changed or deleted.
   */
  variables: { name: string; change: 'created' | 'changed' | 'deleted' }[];
  /**
   * The files the cell opened.
   */
  files: { path: string; mode: FileMode }[];
}

/**
 * One page of runs and the total number that match (`RunPage`).
 */
export interface IRunPage {
  runs: IRun[];
  total: number;
  offset: number;
  limit: number;
  revision: number;
}

/**
 * The query parameters of `GET /mlops-lab/runs`.
 */
export interface IRunQuery {
  experiment?: string;
  notebook?: string;
  status?: RunStatus;
  sort?: RunSortColumn;
  order?: SortOrder;
  offset?: number;
  /**
   * At most 500.
   */
  limit?: number;
  /**
   * Space-separated terms that must all hold: `NAME OP VALUE` comparisons
   * (`acc>0.9`, `params.opt=adam`) or text found in a run's name, id,
   * notebook, experiment or tag values.
   */
  filter?: string;
}

/**
 * The query parameters of `GET /mlops-lab/runs/keys`.
 */
export interface IRunKeysQuery {
  experiment?: string;
  notebook?: string;
}

/**
 * The param, metric and tag names of the matching runs, sorted (`RunKeys`).
 */
export interface IRunKeys {
  params: string[];
  metrics: string[];
  tags: string[];
}

/**
 * The body of `PATCH /mlops-lab/runs/{id}`: a new name, tags to set (a null
 * value deletes the tag).
 */
export interface IRunPatch {
  name?: string;
  tags?: { [key: string]: string | null };
}

/**
 * The endpoints the frontend uses, as one object so a model can be given a
 * fake in tests.
 */
export interface IMlopsLabApi {
  getInfo(): Promise<IInfo>;
  listRuns(query: IRunQuery): Promise<IRunPage>;
  getRunKeys(query: IRunKeysQuery): Promise<IRunKeys>;
  getRun(id: string): Promise<IRunDetail>;
  patchRun(id: string, patch: IRunPatch): Promise<IRun>;
  deleteRun(id: string): Promise<void>;
  compareRuns(ids: string[]): Promise<ICompareResult>;
}

/**
 * Whether this frontend can work with the server extension it talks to.
 */
export interface ICompatibility {
  /**
   * - `checking`: the first `info` request has not answered yet.
   * - `compatible`: the server extension answered with the frontend's version.
   * - `missing`: the server extension is not installed or not enabled (404).
   * - `mismatch`: the server extension has another version.
   * - `unreachable`: the server extension answered with another error (for
   *   example 503 when its store cannot be opened), or could not be reached.
   */
  status: 'checking' | 'compatible' | 'missing' | 'mismatch' | 'unreachable';
  /**
   * What is wrong and what to run; empty when compatible or checking.
   */
  message: string;
  frontendVersion: string;
  /**
   * The server extension's version, when it answered.
   */
  serverVersion: string | null;
}

/**
 * The sort of the run list.
 */
export interface IRunSort {
  key: RunSortColumn;
  order: SortOrder;
}

/**
 * Which runs the list shows: those of the notebook in focus, or all.
 */
export type RunScope = 'notebook' | 'all';

/**
 * How a click changes the selection: select only the row (`replace`), add or
 * remove it (`toggle`, ctrl/cmd-click), or select from the last clicked row
 * to it (`extend`, shift-click).
 */
export type SelectionMode = 'replace' | 'toggle' | 'extend';

/**
 * The runs selected in the list, kept by id across reloads.
 */
export interface IRunSelection {
  /**
   * Emitted whenever the selection changes.
   */
  readonly changed: ISignal<IRunSelection, void>;
  /**
   * The selected runs, in the order they were selected.
   */
  readonly runs: readonly IRun[];
  /**
   * The ids of the selected runs, in the order they were selected.
   */
  readonly ids: readonly string[];
  readonly size: number;
  has(id: string): boolean;
  /**
   * Select exactly these runs.
   */
  set(runs: readonly IRun[]): void;
  /**
   * Drop runs from the selection (deleted ones, for example).
   */
  remove(ids: readonly string[]): void;
  clear(): void;
}

/**
 * The runs of the store, fetched page by page and kept up to date.
 */
export interface IRunsModel extends IDisposable {
  /**
   * Emitted whenever anything the model exposes changes.
   */
  readonly changed: ISignal<IRunsModel, void>;
  /**
   * The outcome of the version handshake with the server extension.
   */
  readonly compatibility: ICompatibility;
  /**
   * The last `info` answer, or null before the first one.
   */
  readonly info: IInfo | null;
  /**
   * The number of runs in the list.
   */
  readonly total: number;
  /**
   * Whether the list has been loaded at least once since the last reset.
   */
  readonly isLoaded: boolean;
  /**
   * The message of the last failed list request, or null.
   */
  readonly error: string | null;
  /**
   * The server's message when it refused the filter, or null.
   */
  readonly filterError: string | null;
  /**
   * Whether a loaded run is still running, so its duration grows.
   */
  readonly hasRunningRuns: boolean;
  /**
   * The sort of the list; setting it reloads the list.
   */
  sort: IRunSort;
  /**
   * The filter sent to the server; setting it reloads the list.
   */
  filter: string;
  /**
   * Whether the list shows the runs of `notebook` or of every experiment.
   */
  scope: RunScope;
  /**
   * The path of the notebook in focus, or null when there is none.
   */
  notebook: string | null;
  /**
   * The notebook whose runs are listed, or null when all runs are.
   */
  readonly scopedNotebook: string | null;
  /**
   * The param, metric and tag names of the listed runs, for the column picker.
   */
  readonly keys: IRunKeys;
  /**
   * The param and metric columns shown, as `params.NAME` / `metrics.NAME`.
   */
  columns: readonly string[];
  /**
   * The selected runs.
   */
  readonly selection: IRunSelection;
  /**
   * The run at a position of the sorted list, or undefined while its page is
   * not loaded.
   */
  runAt(index: number): IRun | undefined;
  /**
   * Change the selection as a click on the row at `index` does.
   */
  selectAt(index: number, mode: SelectionMode): void;
  /**
   * Tell the model which rows are shown; it fetches the pages they need.
   */
  showRange(start: number, stop: number): Promise<void>;
  /**
   * Ask the server now, and reload the list if it changed.
   */
  refresh(): Promise<void>;
  /**
   * Drop every loaded page and fetch the shown ones again.
   */
  reload(): Promise<void>;
}

/**
 * The runs model of mlops-lab.
 */
export const IRunsModel = new Token<IRunsModel>(
  'mlops-lab:IRunsModel',
  'The runs of the mlops-lab store: version handshake with the server extension, run count, and the run list fetched page by page and refreshed when the store changes.'
);

/*
 * Tracking of notebook kernels.
 */

/**
 * What `mlops_lab.kernel.kernel_status()` returns in a kernel.
 */
export interface IKernelStatus {
  /**
   * Whether cells are being recorded.
   */
  tracking: boolean;
  /**
   * The run being recorded, or paused, or null before the first run.
   */
  run_id: string | null;
  run_name: string | null;
  /**
   * Absolute path of the store the kernel records into.
   */
  store: string | null;
  /**
   * Version of the mlops_lab package in the kernel.
   */
  version: string;
}

/**
 * Where tracking of one notebook's kernel stands.
 *
 * - `pending`: no answer from the kernel yet.
 * - `recording`: cells are recorded into a run.
 * - `paused`: the extension is loaded but tracking is off (`%mlops off`).
 * - `disabled`: the `trackingEnabled` setting is off, so the kernel was left
 *   alone.
 * - `missing`: mlops_lab is not installed in the kernel's environment.
 * - `unsupported`: the kernel is not a Python kernel.
 * - `noKernel`: the notebook has no kernel.
 * - `error`: the kernel answered with an error; see `message`.
 */
export type TrackingState =
  | 'pending'
  | 'recording'
  | 'paused'
  | 'disabled'
  | 'missing'
  | 'unsupported'
  | 'noKernel'
  | 'error';

/**
 * The tracking status of one notebook's kernel.
 */
export interface ITrackingStatus {
  readonly state: TrackingState;
  /**
   * The kernel's run, when it has one.
   */
  readonly runId: string | null;
  readonly runName: string | null;
  /**
   * The store the kernel records into, when known.
   */
  readonly store: string | null;
  /**
   * The mlops_lab version in the kernel, when known.
   */
  readonly version: string | null;
  /**
   * Why tracking is not on (the kernel's error, its language); else empty.
   */
  readonly message: string;
}

/**
 * Loads tracking into notebook kernels and follows their status.
 */
export interface ITrackingModel extends IDisposable {
  /**
   * Emitted with the notebook whose tracking status changed.
   */
  readonly statusChanged: ISignal<ITrackingModel, NotebookPanel>;
  /**
   * Whether tracking is loaded into new kernels (the `trackingEnabled`
   * setting).
   */
  readonly enabled: boolean;
  /**
   * The tracking status of a notebook, or null for a notebook it does not
   * follow.
   */
  statusOf(notebook: NotebookPanel): ITrackingStatus | null;
  /**
   * Pause tracking of a notebook's kernel when it records, else start it.
   */
  toggle(notebook: NotebookPanel): Promise<void>;
  /**
   * Ask a notebook's kernel for its tracking status.
   */
  refresh(notebook: NotebookPanel): Promise<void>;
}

/**
 * The tracking model of mlops-lab.
 */
export const ITrackingModel = new Token<ITrackingModel>(
  'mlops-lab:ITrackingModel',
  "Loads mlops-lab tracking into the kernel of every Python notebook (when the trackingEnabled setting is on), and follows each notebook kernel's run and tracking status."
);

/**
 * The Experiments panel of the left sidebar: a stack of sections (runs first),
 * to which other plugins add their own (the model registry, for one).
 */
export interface IExperimentsPanel {
  /**
   * Add a section below the existing ones; its `title.label` names it.
   */
  addSection(widget: Widget): void;
}

/**
 * The Experiments panel, for plugins that add a section to it.
 */
export const IExperimentsPanel = new Token<IExperimentsPanel>(
  'mlops-lab:IExperimentsPanel',
  'The Experiments panel of the left sidebar, to add sections to it.'
);

/**
 * The CSS selector of a run's row in the Experiments panel. A row carries its
 * run id in `data-run-id`, so context-menu commands can find which run was hit.
 */
export const RUN_ROW_SELECTOR = '.jp-mlopsLab-RunList-row[data-run-id]';
