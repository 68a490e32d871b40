import { ReactWidget } from '@jupyterlab/apputils';
import { nullTranslator, ITranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { BoxPanel, Widget } from '@lumino/widgets';
import * as React from 'react';

import { RunCommandIDs } from '../common/commandIds';
import { RunsView } from './RunsView';
import { experimentsIcon } from '../common/icons';
import { IExperimentsPanel, IRunsModel } from '../tokens';

/**
 * The left sidebar panel that lists the runs of the store.
 */
export class RunsPanel extends ReactWidget {
  constructor(options: RunsPanel.IOptions) {
    super();
    this._model = options.model;
    this._commands = options.commands ?? null;
    this._translator = options.translator ?? nullTranslator;
    const trans = this._translator.load('mlops-lab');
    this.addClass('jp-mlopsLab-RunsPanel');
    this.title.label = trans.__('Runs');
  }

  get model(): IRunsModel {
    return this._model;
  }

  protected render(): JSX.Element {
    return (
      <RunsView
        model={this._model}
        trans={this._translator.load('mlops-lab')}
        onOpen={run => this._execute(RunCommandIDs.openRun, { runId: run.id })}
        onCompare={() => this._execute(RunCommandIDs.compareRuns)}
      />
    );
  }

  private _execute(command: string, args?: { runId: string }): void {
    if (this._commands?.hasCommand(command)) {
      void this._commands.execute(command, args);
    }
  }

  private _commands: CommandRegistry | null;
  private _model: IRunsModel;
  private _translator: ITranslator;
}

/**
 * A namespace for `RunsPanel` statics.
 */
export namespace RunsPanel {
  export interface IOptions {
    model: IRunsModel;
    /**
     * Where the run commands (open, compare) are registered.
     */
    commands?: CommandRegistry;
    translator?: ITranslator;
  }
}

/**
 * The Experiments panel of the left sidebar: the runs on top, then the
 * sections other plugins add (each gets a share of the height).
 */
export class ExperimentsPanel extends BoxPanel implements IExperimentsPanel {
  constructor(options: RunsPanel.IOptions) {
    super({ direction: 'top-to-bottom', spacing: 0 });
    const trans = (options.translator ?? nullTranslator).load('mlops-lab');
    this.id = ExperimentsPanel.ID;
    this.addClass('jp-mlopsLab-ExperimentsPanel');
    this.title.icon = experimentsIcon;
    this.title.caption = trans.__('Experiments');
    this.runs = new RunsPanel(options);
    BoxPanel.setStretch(this.runs, 2);
    this.addWidget(this.runs);
  }

  /**
   * The section listing the runs.
   */
  readonly runs: RunsPanel;

  addSection(widget: Widget): void {
    widget.addClass('jp-mlopsLab-ExperimentsPanel-section');
    BoxPanel.setStretch(widget, 1);
    this.addWidget(widget);
  }
}

/**
 * A namespace for `ExperimentsPanel` statics.
 */
export namespace ExperimentsPanel {
  /**
   * The id of the panel in the shell.
   */
  export const ID = 'mlops-lab-runs-panel';
}
