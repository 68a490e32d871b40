import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { runsModelPlugin } from './plugins/runsModelPlugin';
import { runsPanelPlugin } from './plugins/runsPanelPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin
];

export default plugins;
