import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { ITrackingModel } from '../tokens';
import { TrackingStatus } from './trackingStatus';
import { CommandIDs } from './trackingPlugin';

/**
 * Shows the run of the focused notebook in the status bar.
 */
export const trackingStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:tracking-status',
  description:
    "The status bar item with the focused notebook's run; a click toggles tracking.",
  autoStart: true,
  requires: [ITrackingModel, INotebookTracker, IStatusBar],
  optional: [ILabShell, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    model: ITrackingModel,
    notebooks: INotebookTracker,
    statusBar: IStatusBar,
    labShell: ILabShell | null,
    translator: ITranslator | null
  ): void => {
    const item = new TrackingStatus({
      model,
      notebooks,
      translator: translator ?? undefined,
      onToggle: () => {
        void app.commands.execute(CommandIDs.toggleTracking);
      }
    });
    // The item shows while a notebook has the focus.
    const activeStateChanged = new Signal<TrackingStatus, void>(item);
    const focusChanged = () => activeStateChanged.emit();
    labShell?.currentChanged.connect(focusChanged);
    notebooks.currentChanged.connect(focusChanged);
    statusBar.registerStatusItem(TrackingStatus.ID, {
      item,
      align: 'left',
      rank: 4,
      isActive: () =>
        !!notebooks.currentWidget &&
        notebooks.currentWidget === app.shell.currentWidget,
      activeStateChanged
    });
  }
};
