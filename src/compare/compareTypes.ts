import { ReadonlyJSONValue } from '@lumino/coreutils';

import type { IRun } from '../runs/runsTypes';

/*
 * Wire types of `GET /mlops-lab/compare` (see the OpenAPI document
 * `mlops_lab/server/openapi.yaml`).
 */

/**
 * The kinds of entries of a compare document, against the baseline run.
 *
 * - `added`: absent in the baseline, present in some other run.
 * - `removed`: present in the baseline, absent in some other run.
 * - `changed`: present in all runs, values not all equal.
 * - `unchanged`: present in all runs and equal.
 */
export type CompareChange = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * One compared key (`CompareEntry`): its value in each run, in the order the
 * runs were asked for; `values[i]` is null where `present[i]` is false.
 */
export interface ICompareEntry<V = ReadonlyJSONValue> {
  key: string;
  values: (V | null)[];
  present: boolean[];
}

/**
 * A metric compared: its last value per run and its history per run.
 */
export interface IMetricEntry extends ICompareEntry<number> {
  /**
   * Per run, the logged values (an empty list where absent).
   */
  history: { step: number | null; value: number }[][];
}

/**
 * A notebook cell compared, aligned by nbformat cell id (`#<n>` for the n-th
 * cell without an id): the code of its last execution per run.
 */
export interface ICodeEntry extends ICompareEntry<string> {
  /**
   * Per run, how many times the cell ran.
   */
  executions: number[];
  /**
   * Per run, the unified diff from the baseline's code; null for the
   * baseline, for identical code, or where the cell is absent.
   */
  diffs: (string | null)[];
}

/**
 * An environment key compared: `python`, `platform`, `implementation`, or
 * `package:NAME` with the version per run.
 */
export interface IEnvEntry extends ICompareEntry<string> {
  kind: 'interpreter' | 'package';
}

/**
 * What is compared of a data file or a DataFrame variable.
 */
export interface IDataValue {
  fingerprint: string | null;
  size?: number | null;
  mode?: string;
  shape?: number[];
  dtype?: ReadonlyJSONValue;
}

/**
 * A data file (key: its path) or a DataFrame (key: `variable NAME`).
 */
export interface IDataEntry extends ICompareEntry<IDataValue> {
  kind: 'file' | 'dataframe';
}

/**
 * What is compared of a variable (its repr is shown, not compared).
 */
export interface IVariableValue {
  type: string | null;
  shape?: number[];
  dtype?: string;
  fingerprint: string | null;
  repr?: string | null;
}

/**
 * The entries of one aspect of the compared runs (`CompareSection`).
 */
export type CompareSection<E extends ICompareEntry<unknown>> = {
  [change in CompareChange]: E[];
};

/**
 * How many entries of a section fall in each kind.
 */
export type CompareCounts = { [change in CompareChange]: number };

/**
 * The compare document of `GET /mlops-lab/compare?runs=A,B,...`; the first
 * run is the baseline.
 */
export interface ICompareResult {
  runs: IRun[];
  params: CompareSection<ICompareEntry>;
  metrics: CompareSection<IMetricEntry>;
  code: CompareSection<ICodeEntry>;
  env: CompareSection<IEnvEntry>;
  data: CompareSection<IDataEntry>;
  variables: CompareSection<ICompareEntry<IVariableValue>>;
  summary: { [section: string]: CompareCounts };
}
