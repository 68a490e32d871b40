import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { compareViewPlugin } from './compare/compareViewPlugin';
import { notebookScopePlugin } from './runs/notebookScopePlugin';
import { runCommandsPlugin } from './runs/runCommandsPlugin';
import { runViewPlugin } from './runs/runViewPlugin';
import { pipelinePlugin } from './pipeline/pipelinePlugin';
import { reproducePlugin } from './reproduce/reproducePlugin';
import { runsModelPlugin } from './runs/runsModelPlugin';
import { registryPlugin } from './registry/registryPlugin';
import { syncStatusPlugin } from './remote/syncStatusPlugin';
import { runsPanelPlugin } from './runs/runsPanelPlugin';
import { trackingPlugin } from './tracking/trackingPlugin';
import { trackingStatusPlugin } from './tracking/trackingStatusPlugin';

const plugins: JupyterFrontEndPlugin<unknown>[] = [
  runsModelPlugin,
  runsPanelPlugin,
  notebookScopePlugin,
  runCommandsPlugin,
  runViewPlugin,
  compareViewPlugin,
  trackingPlugin,
  trackingStatusPlugin,
  syncStatusPlugin,
  pipelinePlugin,
  reproducePlugin,
  registryPlugin
];

export default plugins;
