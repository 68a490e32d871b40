import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  InputDialog,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { connectApi } from './runsApi';
import { CommandArgs, TagInput } from './commandArgs';
import { RunCommandIDs } from '../common/commandIds';
import { IRunsModel } from '../tokens';
import { RUN_ROW_SELECTOR } from '../common/commandIds';
import { RunOrigin } from '../remote/runOrigin';

/**
 * Delete, rename and tag runs: commands in the palette and the run rows'
 * context menu, acting on the runs named in their arguments or else on the
 * selected runs.
 */
export const runCommandsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'mlops-lab:run-commands',
  description: 'Commands to delete, rename and tag runs.',
  autoStart: true,
  requires: [IRunsModel],
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    model: IRunsModel,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('mlops-lab');
    const api = connectApi(app.serviceManager.serverSettings);
    const targets = (args: ReadonlyPartialJSONObject) =>
      CommandArgs.runIds(args, model.selection);
    // Runs pulled from a team's remote are read-only here (the server
    // answers 409): their rename and tag commands are disabled, and say why.
    const pulled = (args: ReadonlyPartialJSONObject) =>
      RunOrigin.firstPulled(targets(args), model.selection.runs)?.origin ??
      null;
    const readOnly = (args: ReadonlyPartialJSONObject, caption: string) => {
      const origin = pulled(args);
      return origin ? RunOrigin.readOnlyReason(origin, trans) : caption;
    };
    const nameOf = (id: string) =>
      model.selection.runs.find(run => run.id === id)?.name ?? id.slice(0, 8);

    app.commands.addCommand(RunCommandIDs.deleteRun, {
      label: args => {
        const count = targets(args).length;
        return count > 1
          ? trans.__('Delete %1 Runs', count)
          : trans.__('Delete Run');
      },
      caption: trans.__('Delete runs and everything recorded under them'),
      isEnabled: args => targets(args).length > 0,
      execute: async args => {
        const ids = targets(args);
        if (ids.length === 0) {
          return;
        }
        const result = await showDialog({
          title:
            ids.length === 1
              ? trans.__('Delete run %1?', nameOf(ids[0]))
              : trans.__('Delete %1 runs?', ids.length),
          body:
            RunOrigin.firstPulled(ids, model.selection.runs) === null
              ? trans.__(
                  'Their cells, params, metrics and tags are deleted from the store. This cannot be undone.'
                )
              : trans.__(
                  "Their cells, params, metrics and tags are deleted from the store. Runs pulled from a team's remote stay on it: mlops-lab pull brings them back."
                ),
          buttons: [
            Dialog.cancelButton(),
            Dialog.warnButton({ label: trans.__('Delete') })
          ]
        });
        if (!result.button.accept) {
          return;
        }
        try {
          for (const id of ids) {
            await api.deleteRun(id);
          }
        } catch (error) {
          await showErrorMessage(
            trans.__('Could not delete the run'),
            error as Error
          );
        } finally {
          model.selection.remove(ids);
          await model.refresh();
        }
      }
    });

    app.commands.addCommand(RunCommandIDs.renameRun, {
      label: trans.__('Rename Run…'),
      caption: args => readOnly(args, trans.__('Give a run another name')),
      isEnabled: args => targets(args).length === 1 && pulled(args) === null,
      execute: async args => {
        const ids = targets(args);
        if (ids.length !== 1) {
          return;
        }
        let name = typeof args.name === 'string' ? args.name : null;
        if (name === null) {
          const result = await InputDialog.getText({
            title: trans.__('Rename run %1', nameOf(ids[0])),
            label: trans.__('New name'),
            text: model.selection.runs.find(run => run.id === ids[0])?.name,
            okLabel: trans.__('Rename')
          });
          if (!result.button.accept || result.value === null) {
            return;
          }
          name = result.value;
        }
        try {
          await api.patchRun(ids[0], { name: name.trim() });
        } catch (error) {
          await showErrorMessage(
            trans.__('Could not rename the run'),
            error as Error
          );
        }
        await model.refresh();
      }
    });

    app.commands.addCommand(RunCommandIDs.tagRun, {
      label: args => {
        const count = targets(args).length;
        return count > 1
          ? trans.__('Tag %1 Runs…', count)
          : trans.__('Tag Run…');
      },
      caption: args => readOnly(args, trans.__('Set or delete a tag of runs')),
      isEnabled: args => targets(args).length > 0 && pulled(args) === null,
      execute: async args => {
        const ids = targets(args);
        if (ids.length === 0) {
          return;
        }
        let text = typeof args.tag === 'string' ? args.tag : null;
        if (text === null) {
          const result = await InputDialog.getText({
            title:
              ids.length === 1
                ? trans.__('Tag run %1', nameOf(ids[0]))
                : trans.__('Tag %1 runs', ids.length),
            label: trans.__('key=value (key= deletes the tag)'),
            placeholder: 'stage=candidate',
            okLabel: trans.__('Tag')
          });
          if (!result.button.accept || result.value === null) {
            return;
          }
          text = result.value;
        }
        try {
          const tags = TagInput.parse(text);
          for (const id of ids) {
            await api.patchRun(id, { tags });
          }
        } catch (error) {
          await showErrorMessage(
            trans.__('Could not tag the run'),
            error as Error
          );
        }
        await model.refresh();
      }
    });

    const commands = [
      RunCommandIDs.renameRun,
      RunCommandIDs.tagRun,
      RunCommandIDs.deleteRun
    ];
    commands.forEach((command, i) => {
      app.contextMenu.addItem({
        command,
        selector: RUN_ROW_SELECTOR,
        rank: command === RunCommandIDs.deleteRun ? 20 : 10 + i
      });
      palette?.addItem({ command, category: trans.__('mlops-lab') });
    });
    model.selection.changed.connect(() => {
      commands.forEach(command => app.commands.notifyCommandChanged(command));
    });
  }
};
