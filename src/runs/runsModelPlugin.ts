import { PartialJSONObject } from '@lumino/coreutils';
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { connectApi } from './runsApi';
import { RunsModel } from './runsModel';
import { IRunsModel } from '../tokens';
import { FRONTEND_VERSION } from '../version';

/**
 * Provides the runs model and applies the extension's settings to it.
 *
 * Its id names the settings schema `schema/plugin.json`.
 */
export const runsModelPlugin: JupyterFrontEndPlugin<IRunsModel> = {
  id: 'mlops-lab:plugin',
  description:
    'Checks the mlops-lab server extension and keeps the run list up to date.',
  autoStart: true,
  provides: IRunsModel,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ): IRunsModel => {
    const model = new RunsModel({
      api: connectApi(app.serviceManager.serverSettings),
      frontendVersion: FRONTEND_VERSION
    });

    if (settingRegistry) {
      settingRegistry
        .load(runsModelPlugin.id)
        .then(settings => {
          const apply = () => {
            model.refreshInterval = settings.get('refreshInterval')
              .composite as number;
            model.pageSize = settings.get('pageSize').composite as number;
            model.columnChoice.defaults = settings.get('runColumns')
              .composite as string[];
            model.columnChoice.picks = settings.get('columnPicks')
              .composite as { [scope: string]: string[] };
          };
          apply();
          settings.changed.connect(apply);
          // The columns picked in the panel are remembered, per scope.
          model.columnChoice.changed.connect(() => {
            const picks = model.columnChoice.picks;
            const saved = settings.get('columnPicks').composite;
            if (JSON.stringify(saved) !== JSON.stringify(picks)) {
              settings
                .set(
                  'columnPicks',
                  JSON.parse(JSON.stringify(picks)) as PartialJSONObject
                )
                .catch(reason => {
                  console.error(
                    'mlops-lab: could not save the columns.',
                    reason
                  );
                });
            }
          });
        })
        .catch(reason => {
          console.error('mlops-lab: could not load its settings.', reason);
        });
    }

    void model.start();
    return model;
  }
};
