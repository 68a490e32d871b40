import { NotebookPanel } from '@jupyterlab/notebook';
import { Token } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';
import { ISignal } from '@lumino/signaling';

import type {
  IInfo,
  IRun,
  IRunKeys,
  RunSortColumn,
  SortOrder
} from './runs/runsTypes';
import type { IStaleCell } from './tracking/trackingTypes';

/*
 * The tokens other plugins require, with the interfaces they provide. The
 * wire types of the server live with their capability (`runs/runsTypes.ts`,
 * `compare/compareTypes.ts`...).
 */

/*
 * Runs.
 */

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
 * Which runs the list shows: those of the notebook in focus, all, or those
 * pulled from a team's remote (`team`).
 */
export type RunScope = 'notebook' | 'all' | 'team';

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
   * The notebook whose runs are listed, or null when all runs (or the team's)
   * are.
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
   * Whether the user picked the columns of the listed scope (else they are
   * the params and metrics that differ among the listed runs).
   */
  readonly columnsPicked: boolean;
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
  /**
   * The cells whose inputs changed since they ran.
   */
  readonly stale: readonly IStaleCell[];
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
