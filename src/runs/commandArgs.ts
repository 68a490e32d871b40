import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { IRunSelection } from '../tokens';

/**
 * Which runs a run command acts on.
 */
export namespace CommandArgs {
  /**
   * The runs named by `runId` or `runIds`, else the selected runs.
   *
   * A right-click on a row outside the selection selects that row first, so
   * the context menu's commands act on the row that was hit.
   */
  export function runIds(
    args: ReadonlyPartialJSONObject,
    selection: IRunSelection
  ): string[] {
    if (typeof args.runId === 'string') {
      return [args.runId];
    }
    if (Array.isArray(args.runIds)) {
      return args.runIds.filter((id): id is string => typeof id === 'string');
    }
    return [...selection.ids];
  }

  /**
   * The selected runs oldest first, so the oldest is the baseline of a
   * comparison; or the runs named by `runIds`, in their order.
   */
  export function compareIds(
    args: ReadonlyPartialJSONObject,
    selection: IRunSelection
  ): string[] {
    if (Array.isArray(args.runIds) || typeof args.runId === 'string') {
      return runIds(args, selection);
    }
    return [...selection.runs]
      .sort((a, b) => a.started_at.localeCompare(b.started_at))
      .map(run => run.id);
  }
}

/**
 * A tag as typed in the tag dialog or passed as `tag`: `key=value` sets it,
 * `key=` (or a bare `key`) deletes it.
 */
export namespace TagInput {
  export function parse(text: string): { [key: string]: string | null } {
    const trimmed = text.trim();
    const equals = trimmed.indexOf('=');
    const key = (equals < 0 ? trimmed : trimmed.slice(0, equals)).trim();
    if (key.length === 0) {
      throw new Error(
        `Tag '${text}' has no key: write key=value, or key= to delete the tag.`
      );
    }
    const value = equals < 0 ? '' : trimmed.slice(equals + 1).trim();
    return { [key]: value.length > 0 ? value : null };
  }
}
