import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { StaleCellMarkers } from '../tracking/staleCellMarkers';

const trans = nullTranslator.load('mlops-lab');

/**
 * A cell as the markers see it: a widget with an input area.
 */
function fakeCell(): StaleCellMarkers.Cell {
  const cell = new Widget();
  const inputArea = new Widget();
  cell.node.appendChild(inputArea.node);
  return Object.assign(cell, { inputArea }) as unknown as StaleCellMarkers.Cell;
}

describe('StaleCellMarkers', () => {
  const entry = {
    cell_id: 'plot',
    execution_count: 7,
    name: 'z',
    kind: 'variable' as const,
    changed_by: { cell_id: 'noise', execution_count: 9 },
    upstream: false
  };

  it('marks a stale cell once, says why, and unmarks it', () => {
    const cell = fakeCell();
    StaleCellMarkers.mark(cell, [entry], trans);
    StaleCellMarkers.mark(cell, [entry, { ...entry, name: 'w' }], trans);
    expect(cell.hasClass(StaleCellMarkers.STALE_CLASS)).toBe(true);
    const markers = cell.node.querySelectorAll(
      `.${StaleCellMarkers.MARKER_CLASS}`
    );
    expect(markers).toHaveLength(1);
    const marker = markers[0] as HTMLElement;
    expect(marker.title).toBe('`z` changed by [9]\n`w` changed by [9]');
    expect(marker.getAttribute('aria-label')).toBe(
      'Stale: `z` changed by [9]\n`w` changed by [9]'
    );
    // The marker sits beside the prompt, in the input area.
    expect(marker.parentElement).toBe(cell.inputArea!.node);

    StaleCellMarkers.mark(cell, [], trans);
    expect(cell.hasClass(StaleCellMarkers.STALE_CLASS)).toBe(false);
    expect(
      cell.node.querySelector(`.${StaleCellMarkers.MARKER_CLASS}`)
    ).toBeNull();
  });
});
