import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { runsModelPlugin } from './plugins/runsModelPlugin';
import { registryPlugin } from './plugins/registryPlugin';
import { runsPanelPlugin } from './plugins/runsPanelPlugin';
import { trackingPlugin } from './plugins/trackingPlugin';
import { trackingStatusPlugin } from './plugins/trackingStatusPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin,
  trackingPlugin,
  trackingStatusPlugin,
  registryPlugin
];

export default plugins;
