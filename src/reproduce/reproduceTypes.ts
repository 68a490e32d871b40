/*
 * Wire types of reproductions: they mirror the `Reproduction*` schemas of
 * `mlops_lab/server/openapi.yaml`.
 */

/**
 * One metric of the original run checked against the reproduction.
 */
export interface IMetricCheck {
  name: string;
  recorded: number | null;
  reproduced: number | null;
  /**
   * Relative tolerance.
   */
  tolerance: number;
  /**
   * Relative difference; null when one side is missing.
   */
  difference: number | null;
  status: 'pass' | 'fail' | 'missing' | 'new';
  passed: boolean;
}

/**
 * A notebook cell that differs from what the run executed.
 */
export interface ICellDrift {
  cell_id: string;
  change: 'changed' | 'deleted' | 'added';
  recorded: string | null;
  current: string | null;
}

/**
 * A package whose version differs (null: not installed on that side).
 */
export interface IPackageDrift {
  name: string;
  recorded: string | null;
  current: string | null;
}

/**
 * An input file that changed since the run read it, or is missing.
 */
export interface IDataDrift {
  path: string;
  status: 'changed' | 'missing';
  recorded: string | null;
  current: string | null;
}

/**
 * The report of a finished reproduction (`ReproductionReport`).
 */
export interface IReproductionReport {
  run_id: string;
  reproduction_run_id: string | null;
  passed: boolean;
  failure: string | null;
  skipped_cells: number[];
  metrics: IMetricCheck[];
  code: { notebook: string | null; found: boolean; cells: ICellDrift[] };
  environment: {
    recorded_python: string | null;
    current_python: string | null;
    packages: IPackageDrift[];
    command: string | null;
  } | null;
  data: IDataDrift[];
}

/**
 * Where a reproduction started through the API stands (`Reproduction`).
 */
export interface IReproduction {
  id: string;
  run_id: string;
  status: 'queued' | 'running' | 'passed' | 'failed' | 'error';
  stage:
    | 'queued'
    | 'preparing'
    | 'building environment'
    | 'running'
    | 'comparing'
    | 'done';
  /**
   * The cell running now, from 1.
   */
  cell: number;
  cells: number;
  reproduction_run_id: string | null;
  created_at: string;
  message: string | null;
  report: IReproductionReport | null;
}

/**
 * The body of `POST /mlops-lab/reproductions`.
 */
export interface IReproductionRequest {
  run_id: string;
  tolerances?: { [metric: string]: number };
}
