import { ReadonlyJSONValue } from '@lumino/coreutils';

/*
 * Wire types of the model registry: they mirror the schemas of the OpenAPI
 * document `mlops_lab/server/openapi.yaml` (`RegisteredModel`,
 * `ModelVersion`, `Lineage`, `ModelSources`...).
 */

/**
 * What a model is (`ModelInfo`).
 */
export interface IModelInfo {
  /**
   * The model's public type name, e.g. `sklearn.linear_model.LogisticRegression`.
   */
  type: string | null;
  /**
   * The distribution that defines it, e.g. `scikit-learn`.
   */
  framework: string | null;
  framework_version: string | null;
  /**
   * `inputs` (`n_features`, `feature_names`) and `outputs` (`classes`,
   * `n_outputs`), as far as the model reports them.
   */
  signature: { [key: string]: ReadonlyJSONValue };
}

/**
 * A registered model and a summary of its versions (`RegisteredModel`).
 */
export interface IRegisteredModel {
  registry: string;
  name: string;
  description: string;
  tags: { [key: string]: string };
  created_at: string;
  updated_at: string;
  latest_version: number | null;
  version_count: number;
  /**
   * Alias to version number.
   */
  aliases: { [alias: string]: number };
}

/**
 * The registered models of a registry (`ModelList`).
 */
export interface IModelList {
  models: IRegisteredModel[];
}

/**
 * A cell of the source run, in a version's lineage (`LineageCell`).
 */
export interface ILineageCell {
  /**
   * Position in the run's execution order, from 1.
   */
  seq: number;
  cell_id: string | null;
  execution_count: number | null;
  /**
   * The store object that holds the code (SHA-256).
   */
  code_object: string;
  code: string;
}

/**
 * An execution inside the lineage's span that the model does not depend on
 * (`Lineage.skipped`): unrelated, or failed.
 */
export interface ILineageSkipped {
  seq: number;
  cell_id: string | null;
  failed: boolean;
}

/**
 * A file the source run read (`Lineage.data`).
 */
export interface ILineageData {
  path: string;
  size: number | null;
  fingerprint: string | null;
}

/**
 * The environment lock of the source run (`Environment`).
 */
export interface ILineageEnvironment {
  python: string | null;
  implementation: string | null;
  platform: string | null;
  packages: { [name: string]: string | null };
  sources: { [name: string]: ReadonlyJSONValue };
}

/**
 * Everything a version traces back to (`Lineage`).
 */
export interface ILineage {
  run: { id: string; name: string; experiment: string };
  notebook: { path: string | null; fingerprint: string | null };
  /**
   * What was pushed: a `variable` of the kernel, an `artifact` the run
   * logged, a `file` it wrote, or a `path` from outside the run.
   */
  source: {
    kind: 'variable' | 'artifact' | 'file' | 'path';
    name: string;
    fingerprint: string | null;
  };
  /**
   * The cell that last assigned the variable (or wrote the file).
   */
  training_cell: ILineageCell | null;
  /**
   * The cells before it that the model depends on (its lineage slice), in
   * execution order.
   */
  cells: ILineageCell[];
  /**
   * The executions between those cells that the model does not depend on.
   */
  skipped: ILineageSkipped[];
  data: ILineageData[];
  environment: ILineageEnvironment | null;
  requirements_object: string | null;
  requirements: string | null;
  params: { [key: string]: ReadonlyJSONValue };
  metrics: { [key: string]: number };
  git: { [key: string]: ReadonlyJSONValue } | null;
}

/**
 * One version of a registered model (`ModelVersion`).
 */
export interface IModelVersion {
  registry: string;
  name: string;
  version: number;
  created_at: string;
  /**
   * The mlops-lab run it was pushed from.
   */
  run_id: string | null;
  description: string;
  tags: { [key: string]: string };
  aliases: string[];
  artifact: {
    filename: string;
    format: 'cloudpickle' | 'pickle' | 'file';
    size: number | null;
    object: string | null;
    uri: string | null;
  };
  model: IModelInfo;
  /**
   * Null in version lists, and for versions registered without mlops-lab.
   */
  lineage: ILineage | null;
}

/**
 * A registered model with its versions, newest first (`ModelDetail`).
 */
export interface IModelDetail extends IRegisteredModel {
  versions: IModelVersion[];
}

/**
 * The body of `POST /mlops-lab/models` (`PushRequest`): a variable or an
 * artifact of the run.
 */
export interface IPushRequest {
  run: string;
  name: string;
  variable?: string;
  artifact?: string;
  alias?: string;
  description?: string;
}

/**
 * What a run can push (`ModelSources`).
 */
export interface IModelSources {
  run_id: string;
  notebook: string | null;
  /**
   * Whether the notebook's kernel runs and records this run, so it can push
   * its variables; `reason` says why not.
   */
  kernel: { live: boolean; reason: string | null };
  variables: { name: string; type: string | null; repr: string | null }[];
  files: { name: string; kind: 'artifact' | 'file' }[];
}

/**
 * A drifting column's numbers in a monitoring check.
 */
export interface IMonitorColumn {
  column: string;
  psi: number | null;
  ks_p_value: number | null;
  missing_before: number | null;
  missing_after: number | null;
}

/**
 * One `mlops-lab monitor` check kept on a version (`MonitorCheck`).
 */
export interface IMonitorCheck {
  when: string;
  who: string | null;
  batch: string;
  rows: number | null;
  drifted: boolean;
  training_file: string | null;
  /**
   * The largest PSI of any column; null for checks an older mlops-lab kept.
   */
  max_psi: number | null;
  drifting_columns: string[];
  /**
   * The drifting columns' numbers, largest PSI first.
   */
  columns: IMonitorColumn[];
  schema_changes: { column: string; change: string }[];
}

/**
 * A requirement judged in a promotion (`GateVerdict`, the fields used here).
 */
export interface IPromotionRequirement {
  requirement: string;
  passed: boolean;
  message: string;
}

/**
 * A gated promotion of the version (`PromotionDecision`).
 */
export interface IPromotionDecision {
  model: string;
  version: number;
  alias: string;
  against: number | null;
  moved: boolean;
  who: string;
  when: string;
  passed: boolean;
  requirements: IPromotionRequirement[];
}

/**
 * A version's drift checks and promotion decisions, oldest first
 * (`VersionMonitoring`).
 */
export interface IVersionMonitoring {
  model: string;
  version: number;
  checks: IMonitorCheck[];
  promotions: IPromotionDecision[];
}
