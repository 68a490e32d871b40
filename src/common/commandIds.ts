/**
 * The ids of the commands on runs. Other plugins call them with these
 * arguments, so they are part of mlops-lab's public surface.
 */
export namespace RunCommandIDs {
  /**
   * Open a run in the main area: `{ runId }`; without it, the selected runs.
   */
  export const openRun = 'mlops-lab:open-run';
  /**
   * Compare runs: `{ runIds }` (the first is the baseline); without it, the
   * selected runs, oldest first.
   */
  export const compareRuns = 'mlops-lab:compare-runs';
  /**
   * Delete runs, after asking: `{ runId }`; without it, the selected runs.
   */
  export const deleteRun = 'mlops-lab:delete-run';
  /**
   * Rename a run: `{ runId, name? }`; without a name, a dialog asks for it.
   */
  export const renameRun = 'mlops-lab:rename-run';
  /**
   * Set or delete a tag: `{ runId, tag? }` with `tag` as `key=value` (an
   * empty value deletes it); without it, a dialog asks.
   */
  export const tagRun = 'mlops-lab:tag-run';
  /**
   * Registered by the reproduce plugin, when installed: `{ runId }`.
   */
  export const reproduceRun = 'mlops-lab:reproduce-run';
  /**
   * Registered by the model registry plugin, when installed: `{ runId }`.
   */
  export const pushModel = 'mlops-lab:push-model';
}

/**
 * The CSS selector of a run's row in the Experiments panel. A row carries its
 * run id in `data-run-id`, so context-menu commands can find which run was hit.
 */
export const RUN_ROW_SELECTOR = '.jp-mlopsLab-RunList-row[data-run-id]';
