import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { ITrackingStatus } from '../tokens';
import { IStaleCell } from './trackingTypes';

/**
 * How a notebook's tracking status is written in the status bar.
 */
export namespace TrackingFormat {
  /**
   * The short text of the status bar item.
   */
  export function label(
    status: ITrackingStatus,
    trans: TranslationBundle = Private.trans
  ): string {
    switch (status.state) {
      case 'pending':
        return trans.__('tracking…');
      case 'recording':
        return runName(status) ?? trans.__('no run yet');
      case 'paused':
      case 'disabled':
        return trans.__('tracking off');
      case 'missing':
      case 'unsupported':
      case 'noKernel':
        return trans.__('not tracked');
      case 'error':
        return trans.__('tracking error');
    }
  }

  /**
   * The full sentence: what is recorded where, or why nothing is, and what a
   * click does.
   */
  export function title(
    status: ITrackingStatus,
    trans: TranslationBundle = Private.trans
  ): string {
    const name = runName(status) ?? '';
    switch (status.state) {
      case 'pending':
        return trans.__('mlops-lab is waiting for the kernel.');
      case 'recording':
        if (status.runId === null) {
          return trans.__(
            'mlops-lab records into %1; a run begins at the next executed cell. Click to pause tracking.',
            status.store ?? trans.__('the store')
          );
        }
        return trans.__(
          'mlops-lab is recording run %1 (%2) into %3. Click to pause tracking.',
          name,
          status.runId ?? '',
          status.store ?? trans.__('the store')
        );
      case 'paused':
        return status.runId
          ? trans.__(
              'mlops-lab tracking is off; run %1 (%2) is paused. Click to record into it again.',
              name,
              status.runId
            )
          : trans.__('mlops-lab tracking is off. Click to start recording.');
      case 'disabled':
        return trans.__(
          'mlops-lab tracking is turned off in the settings. Click to track this notebook.'
        );
      case 'missing':
        return missingNotice(trans);
      case 'unsupported':
        return trans.__(
          'mlops-lab tracks Python kernels; this kernel runs %1.',
          status.message
        );
      case 'noKernel':
        return trans.__('This notebook has no kernel, so it is not tracked.');
      case 'error':
        return trans.__(
          'mlops-lab could not track this notebook: %1. Click to try again.',
          status.message
        );
    }
  }

  /**
   * What to do when mlops_lab is missing in a kernel; short enough for a
   * notification toast, which cuts messages after 140 characters.
   */
  export function missingNotice(
    trans: TranslationBundle = Private.trans
  ): string {
    return trans.__(
      "mlops-lab is not installed in this kernel's environment, so the notebook is not tracked. Run %pip install mlops-lab and restart the kernel."
    );
  }

  /**
   * Whether a click on the item does something.
   */
  export function canToggle(status: ITrackingStatus): boolean {
    return ['recording', 'paused', 'disabled', 'error'].includes(status.state);
  }

  /**
   * The tooltip of a stale cell's marker: what changed, and where, one
   * line per input, e.g. "`z` changed by [5]".
   */
  export function staleTitle(
    entries: readonly IStaleCell[],
    trans: TranslationBundle = Private.trans
  ): string {
    return entries
      .map(entry => {
        const by = executionLabel(entry.changed_by.execution_count);
        return entry.upstream
          ? trans.__('`%1` comes from cell %2, which is stale', entry.name, by)
          : trans.__('`%1` changed by %2', entry.name, by);
      })
      .join('\n');
  }

  /**
   * A cell execution as its prompt shows it, `[5]`, or `[ ]` when unknown.
   */
  export function executionLabel(count: number | null): string {
    return `[${count ?? ' '}]`;
  }

  /**
   * The stale entries of each cell, by cell id.
   */
  export function staleByCell(
    stale: readonly IStaleCell[]
  ): Map<string, IStaleCell[]> {
    const byCell = new Map<string, IStaleCell[]>();
    for (const entry of stale) {
      const entries = byCell.get(entry.cell_id) ?? [];
      entries.push(entry);
      byCell.set(entry.cell_id, entries);
    }
    return byCell;
  }

  /**
   * The run's name, else the start of its id, else null.
   */
  export function runName(status: ITrackingStatus): string | null {
    return status.runName || status.runId?.slice(0, 8) || null;
  }
}

namespace Private {
  export const trans = nullTranslator.load('mlops-lab');
}
