import { ReadonlyJSONValue } from '@lumino/coreutils';

import type { FileMode, ICellExecution, IGitSummary, IRun } from '../tokens';

/*
 * Wire types of `GET /mlops-lab/runs/{id}` (see the OpenAPI document
 * `mlops_lab/server/openapi.yaml`); `tokens.ts` re-exports them.
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
