import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { reproducePlugin } from './plugins/reproducePlugin';
import { runsModelPlugin } from './plugins/runsModelPlugin';
import { runsPanelPlugin } from './plugins/runsPanelPlugin';
import { trackingPlugin } from './plugins/trackingPlugin';
import { trackingStatusPlugin } from './plugins/trackingStatusPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin,
  trackingPlugin,
  trackingStatusPlugin,
  reproducePlugin
];

export default plugins;
