/*
 * What the kernel side of tracking answers.
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
   * The cells whose inputs changed since they ran, in the order they last
   * ran (empty from a kernel that does not say).
   */
  stale: IStaleCell[];
  /**
   * Version of the mlops_lab package in the kernel.
   */
  version: string;
}

/**
 * A cell whose input was rewritten since it ran (`KernelStatus.stale`).
 */
export interface IStaleCell {
  cell_id: string;
  execution_count: number | null;
  /**
   * The variable or file that changed.
   */
  name: string;
  kind: 'variable' | 'file';
  /**
   * The execution that rewrote it.
   */
  changed_by: { cell_id: string; execution_count: number | null };
  /**
   * Whether the input comes from a stale cell that did not run again.
   */
  upstream: boolean;
}
