import { LabIcon } from '@jupyterlab/ui-components';

import experimentsSvg from '../../style/icons/experiments.svg';
import pipelineSvg from '../../style/icons/pipeline.svg';

/**
 * The icon of the Experiments panel.
 */
export const experimentsIcon = new LabIcon({
  name: 'mlops-lab:experiments',
  svgstr: experimentsSvg
});

/**
 * The icon of "Export to Pipeline".
 */
export const pipelineIcon = new LabIcon({
  name: 'mlops-lab:pipeline',
  svgstr: pipelineSvg
});
