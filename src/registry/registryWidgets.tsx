import { Dialog, ReactWidget } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { ModelView } from '../common/modelView';
import { LineageView } from './LineageView';
import { ModelsView } from './ModelsView';
import { PushModelForm } from './PushModelForm';
import { PushFormModel } from './pushFormModel';
import { ModelsModel, VersionModel } from './registryModel';
import { IPushRequest } from './registryTypes';

/**
 * The Models section of the Experiments panel.
 */
export class ModelsSection extends ReactWidget {
  constructor(options: ModelsSection.IOptions) {
    super();
    this.model = options.model;
    this._onOpenVersion = options.onOpenVersion;
    this._translator = options.translator ?? nullTranslator;
    this.addClass('jp-mlopsLab-ModelsSection');
    this.title.label = this._translator.load('mlops-lab').__('Models');
  }

  readonly model: ModelsModel;

  protected render(): JSX.Element {
    return (
      <ModelsView
        model={this.model}
        trans={this._translator.load('mlops-lab')}
        onOpenVersion={this._onOpenVersion}
      />
    );
  }

  private _onOpenVersion: (name: string, version: number) => void;
  private _translator: ITranslator;
}

/**
 * A namespace for `ModelsSection` statics.
 */
export namespace ModelsSection {
  export interface IOptions {
    model: ModelsModel;
    onOpenVersion: (name: string, version: number) => void;
    translator?: ITranslator;
  }
}

/**
 * The body of the "Push model" dialog; its value is the push request.
 */
export class PushModelBody
  extends ReactWidget
  implements Dialog.IBodyWidget<IPushRequest | null>
{
  constructor(options: PushModelBody.IOptions) {
    super();
    this.model = options.model;
    this._translator = options.translator ?? nullTranslator;
    this.addClass('jp-mlopsLab-PushModelBody');
  }

  readonly model: PushFormModel;

  getValue(): IPushRequest | null {
    return this.model.request;
  }

  protected render(): JSX.Element {
    return (
      <PushModelForm
        model={this.model}
        trans={this._translator.load('mlops-lab')}
      />
    );
  }

  private _translator: ITranslator;
}

/**
 * A namespace for `PushModelBody` statics.
 */
export namespace PushModelBody {
  export interface IOptions {
    model: PushFormModel;
    translator?: ITranslator;
  }
}

/**
 * The lineage view of one version, in the main area.
 */
export class LineageWidget extends ModelView<VersionModel> {
  constructor(options: LineageWidget.IOptions) {
    super({ ...options, className: 'jp-mlopsLab-LineageWidget' });
    this._options = options;
  }

  protected render(): JSX.Element {
    return (
      <LineageView
        model={this.model}
        trans={this.trans}
        onOpenRun={this._options.onOpenRun}
        onOpenFile={this._options.onOpenFile}
      />
    );
  }

  private _options: LineageWidget.IOptions;
}

/**
 * A namespace for `LineageWidget` statics.
 */
export namespace LineageWidget {
  export interface IOptions {
    model: VersionModel;
    onOpenRun: ((runId: string) => void) | null;
    onOpenFile: (path: string) => void;
    translator?: ITranslator;
  }
}
