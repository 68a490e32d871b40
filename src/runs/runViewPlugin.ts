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

import { connectApi } from './runsApi';
import { CellOrder } from './cellOrder';
import { ChartTheme } from '../common/chartTheme';
import { CommandArgs } from './commandArgs';
import { RunCommandIDs } from '../common/commandIds';
import { RunModel } from './runModel';
import { RunView } from './runView';
import { IRunsModel } from '../tokens';
import { RUN_ROW_SELECTOR } from '../common/commandIds';
import { MainAreaView } from '../common/mainAreaView';

/**
 * At most this many runs open at once from a selection.
 */
const MAX_OPENED = 10;

/**
 * The run view: `mlops-lab:open-run` opens a run in the main area (again
 * after a reload of the page), from the palette, the run rows' context menu,
 * a double-click on a row, or another plugin.
 */
export const runViewPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:run-view',
  description: 'Opens a run in the main area: params, metrics, cells, data.',
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
    const tracker = new WidgetTracker<MainAreaWidget<RunView>>({
      namespace: 'mlops-lab-run'
    });
    const contents = app.serviceManager.contents;
    const readNotebookOrder = async (path: string) => {
      try {
        const model = await contents.get(path, { content: true });
        return CellOrder.notebookCellIds(model.content);
      } catch {
        // Moved, deleted, or outside the server's root: first-run order.
        return null;
      }
    };

    const open = (runId: string) => {
      const existing = tracker.find(
        widget => widget.content.model.runId === runId
      );
      if (existing) {
        app.shell.activateById(existing.id);
        return existing;
      }
      const model = new RunModel({ runId, api, readNotebookOrder });
      const widget = RunView.createPanel({
        model,
        theme,
        commands: app.commands,
        translator: translator ?? nullTranslator,
        openRun: id =>
          void app.commands.execute(RunCommandIDs.openRun, { runId: id })
      });
      MainAreaView.show(app, widget, tracker);
      void model.load();
      return widget;
    };

    app.commands.addCommand(RunCommandIDs.openRun, {
      label: args => {
        const count = CommandArgs.runIds(args, runs.selection).length;
        return count > 1
          ? trans.__('Open %1 Runs', count)
          : trans.__('Open Run');
      },
      caption: trans.__(
        'Show a run: params, metrics, cells, data, environment'
      ),
      isEnabled: args => CommandArgs.runIds(args, runs.selection).length > 0,
      execute: args => {
        const ids = CommandArgs.runIds(args, runs.selection).slice(
          0,
          MAX_OPENED
        );
        const widgets = ids.map(open);
        return widgets[widgets.length - 1];
      }
    });
    runs.selection.changed.connect(() =>
      app.commands.notifyCommandChanged(RunCommandIDs.openRun)
    );

    app.contextMenu.addItem({
      command: RunCommandIDs.openRun,
      selector: RUN_ROW_SELECTOR,
      rank: 1
    });
    palette?.addItem({
      command: RunCommandIDs.openRun,
      category: trans.__('mlops-lab')
    });
    if (restorer) {
      void restorer.restore(tracker, {
        command: RunCommandIDs.openRun,
        args: widget => ({ runId: widget.content.model.runId }),
        name: widget => widget.content.model.runId
      });
    }

    // A running run goes on: load the open ones again when the store changes.
    let revision = runs.info?.revision ?? null;
    runs.changed.connect(() => {
      const now = runs.info?.revision ?? null;
      if (now === revision) {
        return;
      }
      revision = now;
      tracker.forEach(widget => {
        const detail = widget.content.model.detail;
        if (detail?.status === 'running') {
          void widget.content.model.load();
        }
      });
    });
  }
};
