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
   * Version of the mlops_lab package in the kernel.
   */
  version: string;
}
