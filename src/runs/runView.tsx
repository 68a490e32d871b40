import { MainAreaWidget } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import {
  CommandToolbarButton,
  refreshIcon,
  ToolbarButton
} from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { RunCommandIDs } from '../common/commandIds';
import { RunDetailView } from './RunDetailView';
import { RunFormat } from './runFormat';
import { experimentsIcon } from '../common/icons';
import { RunModel } from './runModel';
import { MainAreaView } from '../common/mainAreaView';
import { ModelView } from '../common/modelView';

/**
 * The main-area view of one run.
 */
export class RunView extends ModelView<RunModel> {
  constructor(options: RunView.IOptions) {
    super({ ...options, className: 'jp-mlopsLab-RunViewWidget' });
    this._theme = options.theme;
    this._openRun = options.openRun;
  }

  protected render(): JSX.Element {
    return (
      <RunDetailView
        model={this.model}
        openRun={this._openRun}
        theme={this._theme}
        trans={this.trans}
      />
    );
  }

  private _openRun?: (runId: string) => void;
  private _theme: ChartTheme;
}

/**
 * A namespace for `RunView` statics.
 */
export namespace RunView {
  export interface IOptions {
    model: RunModel;
    theme: ChartTheme;
    translator?: ITranslator;
    /**
     * Open another run (one this run continues, or is continued by).
     */
    openRun?: (runId: string) => void;
  }

  /**
   * The commands other plugins may register that act on a run; the view
   * shows a button for each that is registered.
   */
  export const RUN_ACTIONS = [
    RunCommandIDs.reproduceRun,
    RunCommandIDs.pushModel
  ];

  /**
   * A run view in a main-area widget, with a toolbar: refresh, and the run
   * actions that are registered (now or later).
   */
  export function createPanel(
    options: IOptions & { commands: CommandRegistry }
  ): MainAreaWidget<RunView> {
    const { commands, model } = options;
    const trans = (options.translator ?? nullTranslator).load('mlops-lab');
    const widget = MainAreaView.create({
      content: new RunView(options),
      id: `mlops-lab-run-${model.runId}`,
      className: 'jp-mlopsLab-RunViewPanel',
      icon: experimentsIcon,
      label: trans.__('Run %1', model.runId.slice(0, 8)),
      caption: trans.__('Run %1', model.runId)
    });

    // The tab names the run once it is loaded (`Run train #3`).
    const nameTab = () => {
      if (model.detail) {
        widget.title.label = trans.__('Run %1', RunFormat.name(model.detail));
      }
    };
    model.changed.connect(nameTab);
    nameTab();

    widget.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Load the run again'),
        onClick: () => void model.load()
      })
    );
    const added = new Set<string>();
    const addActions = () => {
      for (const id of RUN_ACTIONS) {
        if (!added.has(id) && commands.hasCommand(id)) {
          added.add(id);
          widget.toolbar.addItem(
            id,
            new CommandToolbarButton({
              commands,
              id,
              args: { runId: model.runId }
            })
          );
        }
      }
    };
    addActions();
    const onCommandChanged = (
      _: CommandRegistry,
      change: CommandRegistry.ICommandChangedArgs
    ) => {
      if (change.type === 'added') {
        addActions();
      }
    };
    commands.commandChanged.connect(onCommandChanged);
    widget.disposed.connect(() =>
      commands.commandChanged.disconnect(onCommandChanged)
    );

    model.changed.connect(() => {
      const detail = model.detail;
      if (detail) {
        widget.title.label = RunFormat.name(detail);
        widget.title.caption = trans.__(
          'Run %1 of %2 (%3)',
          RunFormat.name(detail),
          detail.experiment,
          detail.id
        );
      }
    });
    return widget;
  }
}
