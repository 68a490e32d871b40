import { TranslationBundle } from '@jupyterlab/translation';

import { IRun } from '../runs/runsTypes';
import { IRunOrigin } from './remoteTypes';

/**
 * Where a run came from: made here, or pulled from a team's remote (then it
 * is read-only here, and says by whom it was made).
 */
export namespace RunOrigin {
  /**
   * The origin of a run pulled from a remote, or null for a run made here.
   */
  export function of(run: Pick<IRun, 'origin'>): IRunOrigin | null {
    return run.origin ?? null;
  }

  /**
   * Whether a run was pulled from a team's remote (and is read-only here).
   */
  export function isPulled(run: Pick<IRun, 'origin'>): boolean {
    return of(run) !== null;
  }

  /**
   * The first pulled run among `ids`, looked up in `runs`; null when none is
   * (or when a run is not among `runs`: the server refuses the edit then).
   */
  export function firstPulled(
    ids: readonly string[],
    runs: readonly IRun[]
  ): IRun | null {
    const byId = new Map(runs.map(run => [run.id, run]));
    for (const id of ids) {
      const run = byId.get(id);
      if (run && isPulled(run)) {
        return run;
      }
    }
    return null;
  }

  /**
   * Who made a pulled run, for the list's "By" column; empty for a local run.
   */
  export function user(run: Pick<IRun, 'origin'>, trans: TranslationBundle) {
    const origin = of(run);
    if (origin === null) {
      return '';
    }
    return origin.user ?? trans.__('unknown');
  }

  /**
   * Why a pulled run cannot be renamed or tagged here.
   */
  export function readOnlyReason(
    origin: IRunOrigin,
    trans: TranslationBundle
  ): string {
    return trans.__('Read-only: pulled from %1', origin.remote);
  }

  /**
   * The sentence the run view shows above a pulled run.
   */
  export function pulledFrom(
    origin: IRunOrigin,
    trans: TranslationBundle
  ): string {
    return origin.user
      ? trans.__(
          'Pulled from %1 (MLflow run %2) by %3',
          origin.remote,
          origin.run_id,
          origin.user
        )
      : trans.__(
          'Pulled from %1 (MLflow run %2)',
          origin.remote,
          origin.run_id
        );
  }

  /**
   * The remote and its URL, for a tooltip.
   */
  export function remoteText(origin: IRunOrigin): string {
    return origin.url ? `${origin.remote} (${origin.url})` : origin.remote;
  }
}
