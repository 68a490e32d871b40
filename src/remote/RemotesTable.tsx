import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { DataTable } from '../common/DataTable';
import { IRemote } from './remoteTypes';
import { RunFormat } from '../runs/runFormat';

/**
 * The team's remotes with their outbox: what the status item's dialog shows.
 */
export function RemotesTable(props: {
  remotes: IRemote[];
  trans: TranslationBundle;
}): JSX.Element {
  const { remotes, trans } = props;
  return (
    <DataTable
      label={trans.__('Remotes')}
      empty={trans.__(
        'No remotes. mlops-lab remote add NAME URL --auto adds one.'
      )}
      columns={[
        { label: trans.__('Remote') },
        { label: trans.__('URL') },
        { label: trans.__('To push'), numeric: true },
        { label: trans.__('Failing'), numeric: true },
        { label: trans.__('Last push') },
        { label: trans.__('Last error') }
      ]}
      rows={remotes.map(remote => ({
        key: remote.name,
        cells: [
          remote.auto ? trans.__('%1 (auto)', remote.name) : remote.name,
          remote.url,
          String(remote.pending),
          String(remote.failing),
          remote.last_push_at
            ? RunFormat.startTime(remote.last_push_at)
            : trans.__('never'),
          remote.last_error ?? '—'
        ]
      }))}
    />
  );
}
