import { TranslationBundle } from '@jupyterlab/translation';

import { ISyncState } from './remoteTypes';

/**
 * What the status bar says of the outbox of the team's remotes.
 */
export namespace SyncFormat {
  /**
   * The longest error shown in the status bar; the tooltip has all of it.
   */
  export const ERROR_LENGTH = 60;

  /**
   * Whether there is anything to show: runs wait to be pushed, or fail to.
   */
  export function isShown(sync: ISyncState | null | undefined): boolean {
    return !!sync && (sync.pending > 0 || sync.failing > 0);
  }

  /**
   * Whether pushes fail (then the item takes the warning colour).
   */
  export function isFailing(sync: ISyncState): boolean {
    return sync.failing > 0;
  }

  /**
   * The item's text: `⇅ 3 to push`, then the failure when pushes fail.
   */
  export function label(sync: ISyncState, trans: TranslationBundle): string {
    const pending = trans.__('⇅ %1 to push', sync.pending);
    if (!isFailing(sync)) {
      return pending;
    }
    const error = shorten(
      sync.last_error ?? trans.__('unknown error'),
      ERROR_LENGTH
    );
    return trans.__('%1 · push failing: %2', pending, error);
  }

  /**
   * The item's tooltip, with the whole error and the command to see more.
   */
  export function title(sync: ISyncState, trans: TranslationBundle): string {
    const lines = [
      trans._n(
        "%1 run waits to be pushed to the team's remotes.",
        "%1 runs wait to be pushed to the team's remotes.",
        sync.pending
      )
    ];
    if (isFailing(sync)) {
      lines.push(
        trans._n(
          '%1 failed at its last attempt: %2',
          '%1 failed at their last attempt: %2',
          sync.failing,
          sync.last_error ?? trans.__('unknown error')
        )
      );
    }
    lines.push(
      trans.__('Click for the remotes; mlops-lab sync --status lists the runs.')
    );
    return lines.join('\n');
  }

  /**
   * One line of at most `length` characters, cut with an ellipsis.
   */
  export function shorten(text: string, length: number): string {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= length ? line : line.slice(0, length - 1) + '…';
  }
}
