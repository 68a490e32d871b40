import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ToolbarButton } from '@jupyterlab/ui-components';
import { ReadonlyJSONValue } from '@lumino/coreutils';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

import { connectPipelineApi } from './pipelineApi';
import { pipelineIcon } from '../common/icons';
import { PipelineExportView } from './pipelineExportView';
import { PipelineExportModel } from './pipelineModel';

/**
 * The command ids of pipeline export.
 */
export namespace CommandIDs {
  export const exportPipeline = 'mlops-lab:export-pipeline';
  /**
   * Registered by the run view, when it is there.
   */
  export const openRun = 'mlops-lab:open-run';
}

/**
 * "Export to Pipeline": a notebook toolbar button and a palette command that
 * open a dialog with the notebook's pipeline (DAG, parameters, problems) and
 * run it locally with live progress.
 */
export const pipelinePlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:pipeline',
  description: 'Exports a notebook to a pipeline and runs it locally.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const api = connectPipelineApi(app.serviceManager.serverSettings);

    app.commands.addCommand(CommandIDs.exportPipeline, {
      label: trans.__('Export to Pipeline'),
      caption: trans.__(
        'Turn the notebook into a parameterized pipeline, see its graph and run it locally'
      ),
      icon: pipelineIcon,
      isEnabled: () => notebooks.currentWidget !== null,
      execute: async () => {
        const panel = notebooks.currentWidget;
        if (panel) {
          await Private.openDialog(
            app,
            panel,
            api,
            translator ?? nullTranslator
          );
        }
      }
    });
    notebooks.currentChanged.connect(() =>
      app.commands.notifyCommandChanged(CommandIDs.exportPipeline)
    );
    palette?.addItem({
      command: CommandIDs.exportPipeline,
      category: trans.__('mlops-lab')
    });
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (
        panel: NotebookPanel,
        context: DocumentRegistry.IContext<INotebookModel>
      ): IDisposable => {
        const button = new ToolbarButton({
          icon: pipelineIcon,
          label: trans.__('Pipeline'),
          tooltip: trans.__('Export to Pipeline'),
          onClick: () => {
            void Private.openDialog(
              app,
              panel,
              api,
              translator ?? nullTranslator
            );
          }
        });
        panel.toolbar.insertAfter('cellType', 'mlopsLabExportPipeline', button);
        return new DisposableDelegate(() => button.dispose());
      }
    });
  }
};

namespace Private {
  /**
   * Open the export dialog for a notebook; it closes with its Close button.
   */
  export async function openDialog(
    app: JupyterFrontEnd,
    panel: NotebookPanel,
    api: ReturnType<typeof connectPipelineApi>,
    translator: ITranslator
  ): Promise<void> {
    const trans = translator.load('mlops-lab');
    const context = panel.context;
    const canOpenRun = () => app.commands.hasCommand(CommandIDs.openRun);
    const openRun = (runId: string) => {
      void app.commands.execute(CommandIDs.openRun, { runId });
    };
    const model = new PipelineExportModel({
      api,
      path: context.path,
      content: () => context.model.toJSON() as ReadonlyJSONValue,
      save: () => context.save(),
      isDirty: () => context.model.dirty,
      onRunFinished: runId => {
        if (canOpenRun()) {
          openRun(runId);
        }
      }
    });
    // eslint-disable-next-line prefer-const
    let dialog: Dialog<unknown>;
    const body = new PipelineExportView({
      model,
      translator,
      openRun: canOpenRun() ? openRun : undefined,
      showCell: cellId => {
        dialog.reject();
        showCell(panel, cellId);
      }
    });
    dialog = new Dialog({
      title: trans.__('Export to Pipeline: %1', panel.title.label),
      body,
      buttons: [Dialog.cancelButton({ label: trans.__('Close') })]
    });
    dialog.addClass('jp-mlopsLab-PipelineDialog');
    void model.refresh();
    try {
      await dialog.launch();
    } finally {
      model.dispose();
      dialog.dispose();
    }
  }

  /**
   * Select a cell of the notebook and scroll it into view.
   */
  export function showCell(panel: NotebookPanel, cellId: string): void {
    const notebook = panel.content;
    const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
    if (index < 0) {
      return;
    }
    notebook.activeCellIndex = index;
    notebook.deselectAll();
    void notebook.scrollToItem(index, 'center');
    panel.activate();
  }
}
