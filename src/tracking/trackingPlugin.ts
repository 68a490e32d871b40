import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { TrackingFormat } from './trackingFormat';
import { ITrackingModel } from '../tokens';
import { TrackingModel } from './trackingModel';
import { RunAllCommands } from './runAllCommands';
import { StaleCellMarkers } from './staleCellMarkers';
import { runsModelPlugin } from '../runs/runsModelPlugin';
import { errorMessage } from '../common/errorMessage';

/**
 * The command ids of notebook tracking.
 */
export namespace CommandIDs {
  export const toggleTracking = 'mlops-lab:toggle-tracking';
}

/**
 * Loads tracking into the kernel of every Python notebook, after each start,
 * restart or kernel change, unless the `trackingEnabled` setting is off.
 */
export const trackingPlugin: JupyterFrontEndPlugin<ITrackingModel> = {
  id: 'mlops-lab:tracking',
  description:
    'Loads mlops-lab tracking into notebook kernels and follows their runs.',
  autoStart: true,
  provides: ITrackingModel,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): ITrackingModel => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const model = new TrackingModel({
      notebooks,
      warnModuleMissing: () => {
        Notification.warning(TrackingFormat.missingNotice(trans), {
          autoClose: 10000
        });
      }
    });

    RunAllCommands.intercept(app.commands, () => {
      const panel = notebooks.currentWidget;
      return panel ? model.expectRunAll(panel) : undefined;
    });
    new StaleCellMarkers({ notebooks, tracking: model, trans });

    const current = () => {
      const panel = notebooks.currentWidget;
      return panel ? { panel, status: model.statusOf(panel) } : null;
    };
    app.commands.addCommand(CommandIDs.toggleTracking, {
      label: trans.__('Track Notebook Runs'),
      caption: trans.__(
        "Record the focused notebook's cells into a run, or pause recording"
      ),
      isEnabled: () => {
        const status = current()?.status;
        return !!status && TrackingFormat.canToggle(status);
      },
      isToggled: () => current()?.status?.state === 'recording',
      execute: async () => {
        const notebook = current();
        if (!notebook) {
          return;
        }
        try {
          await model.toggle(notebook.panel);
        } catch (error) {
          Notification.error(
            trans.__(
              'mlops-lab could not switch tracking: %1',
              errorMessage(error)
            ),
            { autoClose: 10000 }
          );
        }
      }
    });
    const commandChanged = () =>
      app.commands.notifyCommandChanged(CommandIDs.toggleTracking);
    model.statusChanged.connect(commandChanged);
    notebooks.currentChanged.connect(commandChanged);
    palette?.addItem({
      command: CommandIDs.toggleTracking,
      category: trans.__('mlops-lab')
    });

    if (settingRegistry) {
      settingRegistry
        .load(runsModelPlugin.id)
        .then(settings => {
          const apply = () => {
            model.enabled = settings.get('trackingEnabled')
              .composite as boolean;
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.error('mlops-lab: could not load its settings.', reason);
        })
        .then(() => model.start());
    } else {
      model.start();
    }
    return model;
  }
};
