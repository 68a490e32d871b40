import { ReadonlyJSONValue } from '@lumino/coreutils';

/*
 * Wire types of pipeline export: they mirror the `Pipeline*` schemas of the
 * OpenAPI document `mlops_lab/server/openapi.yaml`.
 */

/**
 * The type of a parameter, read from its literal default.
 */
export type PipelineParameterType =
  'int' | 'float' | 'bool' | 'str' | 'list' | 'dict' | 'none';

/**
 * A parameter of the pipeline, from the notebook's parameters cell.
 */
export interface IPipelineParameter {
  name: string;
  type: PipelineParameterType;
  default: ReadonlyJSONValue;
  cell_id: string | null;
}

/**
 * A step of the pipeline (without its code).
 */
export interface IPipelineStep {
  name: string;
  after: string[];
  inputs: { name: string; from?: string; parameter?: boolean }[];
  outputs: string[];
  imports: string[];
  cells: { index: number; id: string | null }[];
}

/**
 * A dependency between two steps, with the reason shown to the user.
 */
export interface IPipelineEdge {
  from: string;
  to: string;
  kind: 'data' | 'order';
  variables: string[];
  why: string;
}

/**
 * Why the notebook cannot become a pipeline as it is (`PipelineProblem`).
 */
export interface IPipelineProblem {
  kind:
    | 'cycle'
    | 'undefined-variable'
    | 'unknown-step'
    | 'duplicate-step'
    | 'syntax'
    | 'parameter';
  message: string;
  cell_id: string | null;
  cell_index: number | null;
  variable: string | null;
  step: string | null;
}

/**
 * `POST pipeline/preview`: the pipeline a notebook becomes.
 */
export interface IPipelinePreview {
  name: string;
  notebook: string | null;
  source_run: string | null;
  parameters: IPipelineParameter[];
  metrics: { name: string; step: string }[];
  steps: IPipelineStep[];
  edges: IPipelineEdge[];
  problems: IPipelineProblem[];
  targets: string[];
  directory: string;
}

/**
 * `POST pipeline/export`: the files written.
 */
export interface IPipelineExport {
  target: string;
  directory: string;
  files: string[];
}

/**
 * The state of a step in a local run.
 */
export type PipelineStepState =
  'pending' | 'running' | 'cached' | 'done' | 'failed' | 'skipped';

/**
 * A local pipeline run started by the server (`PipelineJob`).
 */
export interface IPipelineJob {
  id: string;
  state: 'running' | 'finished' | 'failed';
  directory: string;
  run_id: string | null;
  message: string | null;
  metrics: { [name: string]: number };
  steps: {
    name: string;
    state: PipelineStepState;
    seconds: number | null;
    message: string | null;
  }[];
}
