import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { IRunsModel } from '../tokens';

/**
 * Tells the runs model which notebook is in focus, so the Experiments panel
 * lists that notebook's runs (unless it is switched to all experiments).
 *
 * The tracker's current notebook stays while the focus moves to a run or
 * compare view, so opening a run does not change the list under it.
 */
export const notebookScopePlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:notebook-scope',
  description:
    'Lists the runs of the notebook in focus in the Experiments panel.',
  autoStart: true,
  requires: [IRunsModel, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    model: IRunsModel,
    notebooks: INotebookTracker
  ): void => {
    let followed: NotebookPanel | null = null;
    const update = () => {
      model.notebook = followed?.context.path ?? null;
    };
    const follow = (panel: NotebookPanel | null) => {
      followed?.context.pathChanged.disconnect(update);
      followed = panel;
      // A notebook renamed or moved keeps its runs under the old path; the
      // list follows the new one, as new runs will be recorded under it.
      followed?.context.pathChanged.connect(update);
      update();
    };
    notebooks.currentChanged.connect((_, panel) => follow(panel));
    follow(notebooks.currentWidget);
  }
};
