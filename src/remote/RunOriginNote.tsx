import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IRun } from '../runs/runsTypes';
import { RunOrigin } from './runOrigin';

/**
 * Above a run pulled from a team's remote: where it came from, who made it,
 * and that it is read-only here. Nothing for a run made here.
 */
export function RunOriginNote(props: {
  run: Pick<IRun, 'origin'>;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { run, trans } = props;
  const origin = RunOrigin.of(run);
  if (origin === null) {
    return null;
  }
  return (
    <p
      className="jp-mlopsLab-RunOriginNote"
      title={RunOrigin.remoteText(origin)}
    >
      {RunOrigin.pulledFrom(origin, trans)}
      <span className="jp-mlopsLab-RunOriginNote-readOnly">
        {' · '}
        {trans.__('read-only here')}
      </span>
    </p>
  );
}
