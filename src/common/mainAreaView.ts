import { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { LabIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

/**
 * The main-area views of mlops-lab (a run, a comparison, a version's
 * lineage, a reproduction): a closable `MainAreaWidget` around a content
 * widget, added to the shell and, when given a tracker, tracked (so the
 * layout restorer opens it again after a reload).
 */
export namespace MainAreaView {
  export interface IOptions<T extends Widget> {
    content: T;
    id: string;
    label: string;
    caption?: string;
    icon?: LabIcon;
    /**
     * A class added to the main-area widget.
     */
    className?: string;
  }

  /**
   * A closable main-area widget around `content`.
   */
  export function create<T extends Widget>(
    options: IOptions<T>
  ): MainAreaWidget<T> {
    const widget = new MainAreaWidget({ content: options.content });
    widget.id = options.id;
    if (options.className) {
      widget.addClass(options.className);
    }
    if (options.icon) {
      widget.title.icon = options.icon;
    }
    widget.title.label = options.label;
    if (options.caption !== undefined) {
      widget.title.caption = options.caption;
    }
    widget.title.closable = true;
    return widget;
  }

  /**
   * Track the view (when given a tracker), add it to the main area and
   * activate it.
   */
  export function show<T extends Widget>(
    app: JupyterFrontEnd,
    widget: MainAreaWidget<T>,
    tracker?: WidgetTracker<MainAreaWidget<T>>
  ): void {
    if (tracker) {
      void tracker.add(widget);
    }
    app.shell.add(widget, 'main');
    app.shell.activateById(widget.id);
  }
}
