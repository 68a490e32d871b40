import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, InputDialog } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { connectReproduceApi } from './reproduceApi';
import { ReproductionModel } from './reproductionModel';
import { ReproductionWidget } from './ReproductionWidget';
import { RUN_ROW_SELECTOR } from '../common/commandIds';
import { MainAreaView } from '../common/mainAreaView';

/**
 * The command ids of reproductions.
 */
export namespace CommandIDs {
  export const reproduceRun = 'mlops-lab:reproduce-run';
  /**
   * The run view's command, when the run view is installed.
   */
  export const openRun = 'mlops-lab:open-run';
}

/**
 * "Reproduce Run": re-executes a run on the server, with its progress and
 * report in the main area. From the palette, the runs' context menu, and the
 * run view's toolbar (which shows it because it is registered).
 */
export const reproducePlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:reproduce',
  description:
    'Reproduce a run: re-execute its recorded cells and report whether its metrics match.',
  autoStart: true,
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const api = connectReproduceApi(app.serviceManager.serverSettings);

    // The run's name, for titles: given by the command's caller, or on the
    // row right-clicked in the panel.
    let runName: string | undefined;
    const runIdOf = async (args: {
      runId?: unknown;
      runName?: unknown;
    }): Promise<string | null> => {
      runName = typeof args.runName === 'string' ? args.runName : undefined;
      if (typeof args.runId === 'string' && args.runId) {
        return args.runId;
      }
      const hit = app.contextMenuHitTest(node => !!node.dataset.runId);
      if (hit?.dataset.runId) {
        runName = hit.dataset.runName || undefined;
        return hit.dataset.runId;
      }
      const answer = await InputDialog.getText({
        title: trans.__('Reproduce Run'),
        label: trans.__('Run id (or its first characters)'),
        okLabel: trans.__('Reproduce')
      });
      return answer.button.accept && answer.value ? answer.value.trim() : null;
    };

    app.commands.addCommand(CommandIDs.reproduceRun, {
      label: trans.__('Reproduce Run'),
      caption: trans.__(
        "Re-execute the run's recorded cells in a fresh kernel and check that its metrics match"
      ),
      execute: async args => {
        const runId = await runIdOf(args);
        if (!runId) {
          return;
        }
        const model = new ReproductionModel({ api, runId, runName });
        const content = new ReproductionWidget({
          model,
          translator: translator ?? nullTranslator,
          openRun: app.commands.hasCommand(CommandIDs.openRun)
            ? id => void app.commands.execute(CommandIDs.openRun, { runId: id })
            : null
        });
        const widget = MainAreaView.create({
          content,
          id: `mlops-lab-reproduction-${runId}-${Date.now()}`,
          label: trans.__('Reproduce %1', runName ?? runId.slice(0, 8))
        });
        MainAreaView.show(app, widget);
        await model.start();
        return model.reproduction;
      }
    });

    app.contextMenu.addItem({
      command: CommandIDs.reproduceRun,
      selector: RUN_ROW_SELECTOR,
      rank: 20
    });
    palette?.addItem({
      command: CommandIDs.reproduceRun,
      category: trans.__('mlops-lab')
    });
  }
};
