import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { compareViewPlugin } from './plugins/compareViewPlugin';
import { notebookScopePlugin } from './plugins/notebookScopePlugin';
import { runCommandsPlugin } from './plugins/runCommandsPlugin';
import { runViewPlugin } from './plugins/runViewPlugin';
import { pipelinePlugin } from './plugins/pipelinePlugin';
import { reproducePlugin } from './plugins/reproducePlugin';
import { runsModelPlugin } from './plugins/runsModelPlugin';
import { registryPlugin } from './plugins/registryPlugin';
import { runsPanelPlugin } from './plugins/runsPanelPlugin';
import { trackingPlugin } from './plugins/trackingPlugin';
import { trackingStatusPlugin } from './plugins/trackingStatusPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin,
  notebookScopePlugin,
  runCommandsPlugin,
  runViewPlugin,
  compareViewPlugin,
  trackingPlugin,
  trackingStatusPlugin,
  pipelinePlugin,
  reproducePlugin,
  registryPlugin
];

export default plugins;
