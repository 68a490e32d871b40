import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  IThemeManager,
  MainAreaWidget,
  WidgetTracker
} from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { connectApi } from '../runs/runsApi';
import { ChartTheme } from '../common/chartTheme';
import { CommandArgs } from '../runs/commandArgs';
import { RunCommandIDs } from '../common/commandIds';
import { CompareModel } from './compareModel';
import { CompareView } from './compareView';
import { IRunsModel } from '../tokens';
import { RUN_ROW_SELECTOR } from '../common/commandIds';
import { MainAreaView } from '../common/mainAreaView';

/**
 * The server compares at most this many runs at once.
 */
const MAX_COMPARED = 50;

/**
 * The compare view: `mlops-lab:compare-runs` compares the runs it is given,
 * or the selected ones, in the main area (again after a page reload).
 */
export const compareViewPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:compare-view',
  description: 'Compares runs: params, metrics, code, environment, data.',
  autoStart: true,
  requires: [IRunsModel],
  optional: [ILayoutRestorer, ICommandPalette, IThemeManager, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    runs: IRunsModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    themeManager: IThemeManager | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const api = connectApi(app.serviceManager.serverSettings);
    const theme = new ChartTheme(themeManager);
    const tracker = new WidgetTracker<MainAreaWidget<CompareView>>({
      namespace: 'mlops-lab-compare'
    });
    const idsOf = (args: Parameters<typeof CommandArgs.compareIds>[0]) =>
      CommandArgs.compareIds(args, runs.selection);

    app.commands.addCommand(RunCommandIDs.compareRuns, {
      label: args => {
        const count = idsOf(args).length;
        return count >= 2
          ? trans.__('Compare %1 Runs', count)
          : trans.__('Compare Runs');
      },
      caption: trans.__(
        'Compare runs against the oldest: params, metrics, code, environment, data, variables'
      ),
      isEnabled: args => {
        const count = idsOf(args).length;
        return count >= 2 && count <= MAX_COMPARED;
      },
      execute: args => {
        const runIds = idsOf(args);
        if (runIds.length < 2) {
          return;
        }
        const id = CompareView.idFor(runIds);
        const existing = tracker.find(widget => widget.id === id);
        if (existing) {
          app.shell.activateById(existing.id);
          void existing.content.model.load();
          return existing;
        }
        const model = new CompareModel({ api, runIds });
        const widget = CompareView.createPanel({
          model,
          theme,
          translator: translator ?? nullTranslator
        });
        MainAreaView.show(app, widget, tracker);
        void model.load();
        return widget;
      }
    });
    runs.selection.changed.connect(() =>
      app.commands.notifyCommandChanged(RunCommandIDs.compareRuns)
    );

    app.contextMenu.addItem({
      command: RunCommandIDs.compareRuns,
      selector: RUN_ROW_SELECTOR,
      rank: 2
    });
    palette?.addItem({
      command: RunCommandIDs.compareRuns,
      category: trans.__('mlops-lab')
    });
    if (restorer) {
      void restorer.restore(tracker, {
        command: RunCommandIDs.compareRuns,
        args: widget => ({ runIds: [...widget.content.model.runIds] }),
        name: widget => widget.id
      });
    }
  }
};
