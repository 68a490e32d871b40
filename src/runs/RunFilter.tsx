import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

/**
 * How long typing may pause before the filter is sent, in ms.
 */
const FILTER_DELAY = 400;

/**
 * The filter box of the run list: sent to the server as the user types
 * (or at once on Enter); the server's message shows below it when it
 * refuses the filter.
 */
export function RunFilter(props: {
  filter: string;
  error: string | null;
  onFilter: (filter: string) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { error, onFilter, trans } = props;
  const [text, setText] = React.useState(props.filter);
  const timer = React.useRef<number | null>(null);
  const errorId = React.useId();

  const cancel = () => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
  };
  React.useEffect(() => cancel, []);

  const change = (value: string) => {
    setText(value);
    cancel();
    timer.current = window.setTimeout(() => {
      timer.current = null;
      onFilter(value);
    }, FILTER_DELAY);
  };

  return (
    <div className="jp-mlopsLab-RunFilter">
      <input
        type="search"
        className="jp-mlopsLab-RunFilter-input jp-mod-styled"
        aria-label={trans.__('Filter runs')}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        placeholder={trans.__('Filter: text, acc>0.9, lr=0.1')}
        title={trans.__(
          'Space-separated terms that must all hold: NAME>VALUE (also >=, <, <=, =, !=) on a metric or param (metrics.NAME, params.NAME, tags.NAME), or text found in the name, notebook or tags.'
        )}
        value={text}
        onChange={event => change(event.target.value)}
        onKeyDown={event => {
          if (event.key === 'Enter') {
            cancel();
            onFilter(text);
          }
        }}
      />
      {error !== null && (
        <p id={errorId} className="jp-mlopsLab-RunFilter-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
