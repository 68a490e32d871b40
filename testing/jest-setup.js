// jsdom hides Node's structuredClone, which dagre's layout uses (the
// lineage and pipeline graphs); the browsers JupyterLab supports have it.
if (typeof globalThis.structuredClone !== 'function') {
  const v8 = require('node:v8');
  globalThis.structuredClone = value => v8.deserialize(v8.serialize(value));
}
