import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from '../common/request';
import { IRemote } from './remoteTypes';

/**
 * `GET /mlops-lab/remotes`: the team's remotes, each with its outbox.
 */
export async function listRemotes(
  serverSettings?: ServerConnection.ISettings
): Promise<IRemote[]> {
  const answer = await requestAPI<{ remotes: IRemote[] }>(
    'remotes',
    { method: 'GET' },
    serverSettings
  );
  return answer.remotes;
}
