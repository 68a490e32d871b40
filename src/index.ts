import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { pipelinePlugin } from './plugins/pipelinePlugin';
import { runsModelPlugin } from './plugins/runsModelPlugin';
import { runsPanelPlugin } from './plugins/runsPanelPlugin';
import { trackingPlugin } from './plugins/trackingPlugin';
import { trackingStatusPlugin } from './plugins/trackingStatusPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin,
  trackingPlugin,
  trackingStatusPlugin,
  pipelinePlugin
];

export default plugins;
