import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { RunsPanel } from '../runsPanel';
import { IRunsModel } from '../tokens';

/**
 * The command ids of the Experiments panel.
 */
export namespace CommandIDs {
  export const openRunsPanel = 'mlops-lab:open-runs-panel';
  export const refreshRuns = 'mlops-lab:refresh-runs';
}

/**
 * Adds the Experiments panel to the left sidebar, with its commands.
 */
export const runsPanelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:runs-panel',
  description: 'The Experiments panel in the left sidebar.',
  autoStart: true,
  requires: [IRunsModel],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    model: IRunsModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const panel = new RunsPanel({
      model,
      translator: translator ?? nullTranslator
    });
    app.shell.add(panel, 'left', { rank: 600, type: 'Experiments' });
    restorer?.add(panel, RunsPanel.ID);

    app.commands.addCommand(CommandIDs.openRunsPanel, {
      label: trans.__('Open the Experiments Panel'),
      caption: trans.__('Show the recorded notebook runs'),
      execute: () => {
        app.shell.activateById(panel.id);
      }
    });
    app.commands.addCommand(CommandIDs.refreshRuns, {
      label: trans.__('Refresh Runs'),
      caption: trans.__('Ask the server for the latest runs now'),
      execute: () => model.refresh()
    });

    if (palette) {
      const category = trans.__('mlops-lab');
      palette.addItem({ command: CommandIDs.openRunsPanel, category });
      palette.addItem({ command: CommandIDs.refreshRuns, category });
    }
  }
};
