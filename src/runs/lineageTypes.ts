/*
 * Wire types of lineage slices: they mirror the schemas of the OpenAPI document
 * `mlops_lab/server/openapi.yaml`, which is the contract with the server.
 */

/**
 * One cell execution of a run (`ExecutionRef`).
 */
export interface IExecutionRef {
  run: string;
  /**
   * The execution's position in the run (0: none).
   */
  seq: number;
}

/**
 * One cell execution of a lineage slice (`LineageExecution`): what it read
 * and wrote.
 */
export interface ILineageExecution {
  run: string;
  seq: number;
  cell_id: string | null;
  execution_count: number | null;
  code: string;
  reads: string[];
  writes: string[];
  files_read: string[];
  files_written: string[];
}

/**
 * The exact executions a variable, metric or file of a run depends on
 * (`LineageSlice`), in execution order, across the runs it continues.
 */
export interface ILineageSlice {
  run: string;
  name: string;
  kind: 'variable' | 'metric' | 'file';
  /**
   * The execution the slice is taken as of.
   */
  at: number;
  executions: ILineageExecution[];
  /**
   * Executions inside the slice's span it does not hold.
   */
  skipped: {
    run: string;
    seq: number;
    cell_id: string | null;
    failed: boolean;
  }[];
}
