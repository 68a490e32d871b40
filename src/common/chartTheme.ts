import { IThemeManager } from '@jupyterlab/apputils';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

/**
 * The colours and font of charts, read from JupyterLab's theme.
 */
export interface IChartColors {
  text: string;
  mutedText: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  /**
   * One colour per run, in order; charts repeat them with dashes past the
   * end.
   */
  series: string[];
  /**
   * Good and bad outcomes (a check without drift, one with drift).
   */
  success: string;
  error: string;
}

/**
 * The theme of the charts: JupyterLab's `--jp-*` variables, read when a
 * chart is drawn, and a signal when the user switches themes so charts
 * draw themselves again.
 */
export class ChartTheme implements IDisposable {
  constructor(themeManager?: IThemeManager | null) {
    this._themeManager = themeManager ?? null;
    this._themeManager?.themeChanged.connect(this._onThemeChanged, this);
  }

  /**
   * Emitted once the new theme's variables apply.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * The theme's colours now.
   */
  colors(): IChartColors {
    const style = getComputedStyle(document.body);
    const read = (name: string, fallback: string) =>
      style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--jp-ui-font-color1', 'currentColor'),
      mutedText: read('--jp-ui-font-color2', 'currentColor'),
      grid: read('--jp-border-color2', 'transparent'),
      background: read('--jp-layout-color1', 'transparent'),
      fontFamily: read('--jp-ui-font-family', 'sans-serif'),
      fontSize: Private.pixels(
        read('--jp-ui-font-size0', '0.83333em'),
        Private.pixels(
          read('--jp-ui-font-size1', '13px'),
          parseFloat(style.fontSize) || 13
        )
      ),
      series: ChartTheme.SERIES_VARIABLES.map(name => read(name, 'gray')),
      success: read('--jp-success-color1', 'green'),
      error: read('--jp-error-color1', 'red')
    };
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._themeManager?.themeChanged.disconnect(this._onThemeChanged, this);
    Signal.clearData(this);
  }

  private _onThemeChanged(): void {
    // The theme's stylesheet is in place when the signal fires, but styles
    // are computed on the next frame.
    requestAnimationFrame(() => {
      if (!this._isDisposed) {
        this._changed.emit();
      }
    });
  }

  private _changed = new Signal<this, void>(this);
  private _isDisposed = false;
  private _themeManager: IThemeManager | null;
}

/**
 * A namespace for `ChartTheme` statics.
 */
export namespace ChartTheme {
  /**
   * The theme variables of the runs' colours: distinct hues in both the
   * light and the dark theme.
   */
  export const SERIES_VARIABLES = [
    '--jp-brand-color1',
    '--jp-warn-color1',
    '--jp-success-color1',
    '--jp-error-color1',
    '--jp-info-color1',
    '--jp-brand-color2',
    '--jp-warn-color2',
    '--jp-info-color2'
  ];

  /**
   * The CSS variable of run `index`'s colour, for swatches next to charts.
   */
  export function seriesVariable(index: number): string {
    return SERIES_VARIABLES[index % SERIES_VARIABLES.length];
  }
}

namespace Private {
  /**
   * A CSS length in pixels: the theme writes font sizes in px or in em of
   * the body's font size.
   */
  export function pixels(length: string, base: number): number {
    const value = parseFloat(length);
    if (Number.isNaN(value)) {
      return base;
    }
    return /r?em$/.test(length) ? value * base : value;
  }
}
