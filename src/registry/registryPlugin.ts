import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  IThemeManager,
  MainAreaWidget,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { PushFormModel } from './pushFormModel';
import { listRuns } from '../runs/runsApi';
import { connectRegistryApi } from './registryApi';
import { ModelsModel, VersionModel } from './registryModel';
import { LineageWidget, ModelsSection, PushModelBody } from './registryWidgets';
import { IExperimentsPanel, ITrackingModel } from '../tokens';
import { RUN_ROW_SELECTOR } from '../common/commandIds';
import { ChartTheme } from '../common/chartTheme';
import { errorMessage } from '../common/errorMessage';
import { MainAreaView } from '../common/mainAreaView';

/**
 * The command ids of the model registry.
 */
export namespace CommandIDs {
  export const pushModel = 'mlops-lab:push-model';
  export const openModelVersion = 'mlops-lab:open-model-version';
  export const refreshModels = 'mlops-lab:refresh-models';
  /**
   * Provided by the run view, when installed.
   */
  export const openRun = 'mlops-lab:open-run';
}

/**
 * The model registry in JupyterLab: the Models section of the Experiments
 * panel, "Push Model…" on a run, and the lineage view of a version.
 */
export const registryPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:registry',
  description:
    'The model registry: a Models section in the Experiments panel, Push Model on a run, and the lineage view of a version.',
  autoStart: true,
  requires: [IExperimentsPanel],
  optional: [
    ICommandPalette,
    ITrackingModel,
    INotebookTracker,
    ITranslator,
    IThemeManager
  ],
  activate: (
    app: JupyterFrontEnd,
    panel: IExperimentsPanel,
    palette: ICommandPalette | null,
    tracking: ITrackingModel | null,
    notebooks: INotebookTracker | null,
    translator: ITranslator | null,
    themeManager: IThemeManager | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const api = connectRegistryApi(app.serviceManager.serverSettings);
    const models = new ModelsModel({ api });
    const lineageViews = new Map<string, MainAreaWidget<LineageWidget>>();
    // One for every lineage view: the monitoring charts follow theme switches.
    const theme = new ChartTheme(themeManager);

    const openVersion = (name: string, version: number): void => {
      const key = `${name}/${version}`;
      const open = lineageViews.get(key);
      if (open && !open.isDisposed) {
        app.shell.activateById(open.id);
        return;
      }
      const model = new VersionModel({ api, name, version, theme });
      const content = new LineageWidget({
        model,
        translator: translator ?? undefined,
        onOpenRun: app.commands.hasCommand(CommandIDs.openRun)
          ? runId => void app.commands.execute(CommandIDs.openRun, { runId })
          : null,
        onOpenFile: path =>
          void app.commands.execute('docmanager:open', { path })
      });
      const widget = MainAreaView.create({
        content,
        id: `mlops-lab-lineage-${name}-${version}`,
        label: trans.__('%1 v%2 lineage', name, version),
        caption: trans.__('Lineage of %1 version %2', name, version)
      });
      lineageViews.set(key, widget);
      widget.disposed.connect(() => lineageViews.delete(key));
      MainAreaView.show(app, widget);
      void model.load();
    };

    const section = new ModelsSection({
      model: models,
      translator: translator ?? undefined,
      onOpenVersion: openVersion
    });
    panel.addSection(section);
    void models.start();

    /**
     * The run a command is about: its argument, the run row right-clicked,
     * else the run of the focused notebook.
     */
    const runOf = (args: {
      runId?: unknown;
      runName?: unknown;
    }): { id: string; name: string | null } | null => {
      if (typeof args.runId === 'string' && args.runId) {
        return {
          id: args.runId,
          name: typeof args.runName === 'string' ? args.runName : null
        };
      }
      const row = app.contextMenuHitTest(node => !!node.dataset.runId);
      if (row?.dataset.runId) {
        return { id: row.dataset.runId, name: row.dataset.runName || null };
      }
      const notebook = notebooks?.currentWidget;
      const status = notebook ? tracking?.statusOf(notebook) : null;
      return status?.runId
        ? { id: status.runId, name: status.runName || null }
        : null;
    };

    app.commands.addCommand(CommandIDs.pushModel, {
      label: trans.__('Push Model…'),
      caption: trans.__(
        'Push a variable or a file of this run to the model registry, with its lineage'
      ),
      execute: async args => {
        const run = runOf(args as { runId?: unknown; runName?: unknown });
        if (run === null) {
          Notification.warning(
            trans.__(
              'Choose a run to push from: right-click it in the Experiments panel.'
            ),
            { autoClose: 5000 }
          );
          return;
        }
        const form = new PushFormModel({
          api,
          runId: run.id,
          lastModelName: async notebook => {
            const runs = await listRuns(
              { notebook, limit: 200 },
              app.serviceManager.serverSettings
            );
            return PushFormModel.lastPushedFrom(
              api,
              new Set(runs.runs.map(one => one.id))
            );
          }
        });
        void form.load();
        const result = await showDialog({
          title: trans.__(
            'Push a model from %1',
            run.name ?? trans.__('run %1', run.id.slice(0, 8))
          ),
          body: new PushModelBody({
            model: form,
            translator: translator ?? undefined
          }),
          buttons: [
            Dialog.cancelButton(),
            Dialog.okButton({ label: trans.__('Push') })
          ],
          focusNodeSelector: 'input[type="text"]'
        });
        if (!result.button.accept) {
          return;
        }
        const request = result.value;
        if (!request) {
          Notification.warning(
            trans.__(
              'Nothing was pushed: choose a variable or a file, and a model name.'
            ),
            { autoClose: 5000 }
          );
          return;
        }
        try {
          const version = await models.push(request);
          Notification.success(
            trans.__('Pushed %1 version %2', version.name, version.version),
            {
              autoClose: 5000,
              actions: [
                {
                  label: trans.__('Show lineage'),
                  callback: () => openVersion(version.name, version.version)
                }
              ]
            }
          );
        } catch (error) {
          Notification.error(
            trans.__('Could not push the model: %1', errorMessage(error)),
            { autoClose: false }
          );
        }
      }
    });

    app.commands.addCommand(CommandIDs.openModelVersion, {
      label: trans.__('Show Model Lineage'),
      caption: trans.__('Open the lineage view of a model version'),
      execute: args => {
        const { name, version } = args as { name?: unknown; version?: unknown };
        if (typeof name === 'string' && typeof version === 'number') {
          openVersion(name, version);
        }
      }
    });

    app.commands.addCommand(CommandIDs.refreshModels, {
      label: trans.__('Refresh Models'),
      caption: trans.__('Ask the server for the registered models now'),
      execute: () => models.refresh()
    });

    app.contextMenu.addItem({
      command: CommandIDs.pushModel,
      selector: RUN_ROW_SELECTOR,
      rank: 20
    });

    if (palette) {
      const category = trans.__('mlops-lab');
      palette.addItem({ command: CommandIDs.pushModel, category });
      palette.addItem({ command: CommandIDs.refreshModels, category });
    }
  }
};
