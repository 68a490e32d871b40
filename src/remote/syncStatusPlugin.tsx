import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ReactWidget, showDialog } from '@jupyterlab/apputils';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import * as React from 'react';

import { errorMessage } from '../common/errorMessage';
import { IRunsModel } from '../tokens';
import { listRemotes } from './remoteApi';
import { RemotesTable } from './RemotesTable';
import { SyncStatus } from './SyncStatus';

/**
 * Shows in the status bar the runs waiting to be pushed to the team's
 * remotes, and why pushes fail; a click lists the remotes.
 */
export const syncStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:sync-status',
  description:
    "The status bar item with the runs waiting to be pushed to the team's remotes.",
  autoStart: true,
  requires: [IRunsModel, IStatusBar],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    model: IRunsModel,
    statusBar: IStatusBar,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const showRemotes = async () => {
      let body: JSX.Element;
      try {
        const remotes = await listRemotes(app.serviceManager.serverSettings);
        body = <RemotesTable remotes={remotes} trans={trans} />;
      } catch (error) {
        body = (
          <p role="alert">
            {trans.__('Could not list the remotes: %1', errorMessage(error))}
          </p>
        );
      }
      await showDialog({
        title: trans.__("The team's remotes"),
        body: ReactWidget.create(body),
        buttons: [Dialog.okButton({ label: trans.__('Close') })]
      });
    };
    const item = new SyncStatus({
      model,
      translator: translator ?? undefined,
      onClick: () => void showRemotes()
    });
    // Shown only while runs wait: without remotes it never is.
    const activeStateChanged = new Signal<SyncStatus, void>(item);
    let shown = item.isShown;
    model.changed.connect(() => {
      if (item.isShown !== shown) {
        shown = item.isShown;
        activeStateChanged.emit();
      }
    });
    statusBar.registerStatusItem(SyncStatus.ID, {
      item,
      align: 'left',
      rank: 5,
      isActive: () => item.isShown,
      activeStateChanged
    });
  }
};
