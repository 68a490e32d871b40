import { MainAreaWidget } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { refreshIcon, ToolbarButton } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ChartTheme } from '../common/chartTheme';
import { CompareModel } from './compareModel';
import { CompareContent } from './CompareContent';
import { RunFormat } from '../runs/runFormat';
import { experimentsIcon } from '../common/icons';
import { MainAreaView } from '../common/mainAreaView';
import { ModelView } from '../common/modelView';

/**
 * The main-area view of two or more runs compared.
 */
export class CompareView extends ModelView<CompareModel> {
  constructor(options: CompareView.IOptions) {
    super({ ...options, className: 'jp-mlopsLab-CompareViewWidget' });
    this._theme = options.theme;
  }

  protected render(): JSX.Element {
    return (
      <CompareContent
        model={this.model}
        theme={this._theme}
        trans={this.trans}
      />
    );
  }

  private _theme: ChartTheme;
}

/**
 * A namespace for `CompareView` statics.
 */
export namespace CompareView {
  export interface IOptions {
    model: CompareModel;
    theme: ChartTheme;
    translator?: ITranslator;
  }

  /**
   * The id of the view of these runs, so comparing them again shows it.
   */
  export function idFor(runIds: readonly string[]): string {
    return `mlops-lab-compare-${runIds.map(id => id.slice(0, 8)).join('-')}`;
  }

  /**
   * A compare view in a main-area widget, with a refresh button.
   */
  export function createPanel(options: IOptions): MainAreaWidget<CompareView> {
    const { model } = options;
    const trans = (options.translator ?? nullTranslator).load('mlops-lab');
    const widget = MainAreaView.create({
      content: new CompareView(options),
      id: idFor(model.runIds),
      className: 'jp-mlopsLab-CompareViewPanel',
      icon: experimentsIcon,
      label: trans.__('Compare %1 runs', model.runIds.length)
    });
    widget.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Compare the runs again'),
        onClick: () => void model.load()
      })
    );
    model.changed.connect(() => {
      const runs = model.result?.runs;
      if (runs) {
        const names = runs.map(run => RunFormat.name(run));
        widget.title.label =
          runs.length === 2
            ? trans.__('%1 vs %2', names[0], names[1])
            : trans.__('Compare %1 runs', runs.length);
        widget.title.caption = trans.__('Comparing %1', names.join(', '));
      }
    });
    return widget;
  }
}
