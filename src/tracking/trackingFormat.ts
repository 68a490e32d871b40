import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { ITrackingStatus } from '../tokens';

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
        return runName(status) ?? trans.__('recording');
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
   * The run's name, else the start of its id, else null.
   */
  export function runName(status: ITrackingStatus): string | null {
    return status.runName || status.runId?.slice(0, 8) || null;
  }
}

namespace Private {
  export const trans = nullTranslator.load('mlops-lab');
}
