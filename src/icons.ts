import { LabIcon } from '@jupyterlab/ui-components';

import experimentsSvg from '../style/icons/experiments.svg';

/**
 * The icon of the Experiments panel.
 */
export const experimentsIcon = new LabIcon({
  name: 'mlops-lab:experiments',
  svgstr: experimentsSvg
});
