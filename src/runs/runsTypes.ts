import { ReadonlyJSONValue } from '@lumino/coreutils';

import { IRunOrigin, ISyncState, RunOriginScope } from '../remote/remoteTypes';
import { IExecutionRef } from './lineageTypes';

/*
 * Wire types of runs: they mirror the schemas of the OpenAPI document
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
  /**
   * The outbox of runs waiting to be pushed to the team's remotes.
   */
  sync: ISyncState;
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
  /**
   * Seconds its cells ran (the sum of their durations).
   */
  active_time: number;
  /**
   * The run this one began after inside the same live kernel, and the
   * last execution of it; null for a run that began with its kernel.
   */
  continues: IExecutionRef | null;
  /**
   * Ids of the runs that began after this one in the same kernel.
   */
  continued_by: string[];
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
  /**
   * Null for a run made here; for a run pulled from a team's remote
   * (read-only here), where it came from. Absent from servers before team
   * sharing.
   */
  origin?: IRunOrigin | null;
}

/**
 * Which points of each metric a run detail holds: those of the latest
 * execution of each cell that logged it, or every point ever logged.
 */
export type MetricHistory = 'latest' | 'all';

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
  scope?: RunOriginScope;
}

/**
 * The query parameters of `GET /mlops-lab/runs/keys`.
 */
export interface IRunKeysQuery {
  experiment?: string;
  notebook?: string;
  scope?: RunOriginScope;
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

/*
 * `GET /mlops-lab/runs/{id}`.
 */

/**
 * The git state of a run in full (`GitState`).
 */
export interface IGitState extends IGitSummary {
  /**
   * The uncommitted changes as a patch; empty when clean.
   */
  diff: string;
  /**
   * Remote name to URL, credentials stripped.
   */
  remotes: { [name: string]: string };
}

/**
 * A kernel variable as the run's cells left it (`Variable`).
 */
export interface IVariable {
  type: string | null;
  /**
   * Null when the value cannot be fingerprinted; `unfingerprintable` says why.
   */
  fingerprint: string | null;
  shape?: number[];
  dtype?: string;
  nbytes?: number;
  repr: string | null;
  unfingerprintable?: string;
}

/**
 * A file the run's cells read or wrote (`DataFile`).
 */
export interface IDataFile {
  /**
   * Relative to the project root when inside it.
   */
  path: string;
  mode: FileMode;
  size: number | null;
  fingerprint: string | null;
}

/**
 * The kernel's environment (`Environment`).
 */
export interface IEnvironment {
  python: string | null;
  implementation: string | null;
  platform: string | null;
  /**
   * Every installed distribution, name to version.
   */
  packages: { [name: string]: string | null };
  /**
   * Distributions not installed from an index, to where they came from.
   */
  sources: { [name: string]: ReadonlyJSONValue };
}

/**
 * One logged value of a metric (`MetricPoint`).
 */
export interface IMetricPoint {
  step: number | null;
  value: number;
  timestamp: string;
}

/**
 * A file logged with `log_artifact`.
 */
export interface IArtifact {
  name: string;
  object: string;
  size: number;
}

/**
 * A run with everything recorded under it (`RunDetail`).
 */
export interface IRunDetail extends Omit<IRun, 'git'> {
  /**
   * The executed cells, in execution order.
   */
  cells: ICellExecution[];
  variables: { [name: string]: IVariable };
  data: IDataFile[];
  env: IEnvironment | null;
  git: IGitState | null;
  /**
   * OS, CPUs, memory and GPUs of the kernel's machine.
   */
  host: { [key: string]: ReadonlyJSONValue } | null;
  artifacts: IArtifact[];
  /**
   * Every logged value of each metric, in logging order.
   */
  metric_history: { [name: string]: IMetricPoint[] };
}
