import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { ExperimentsPanel } from './runsPanel';
import { IExperimentsPanel, IRunsModel } from '../tokens';

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
export const runsPanelPlugin: JupyterFrontEndPlugin<IExperimentsPanel> = {
  id: 'mlops-lab:runs-panel',
  description: 'The Experiments panel in the left sidebar.',
  autoStart: true,
  provides: IExperimentsPanel,
  requires: [IRunsModel],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    model: IRunsModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IExperimentsPanel => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const panel = new ExperimentsPanel({
      model,
      commands: app.commands,
      translator: translator ?? nullTranslator
    });
    app.shell.add(panel, 'left', { rank: 600, type: 'Experiments' });
    restorer?.add(panel, ExperimentsPanel.ID);

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
    return panel;
  }
};
