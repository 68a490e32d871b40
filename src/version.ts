/**
 * The version of this frontend.
 *
 * `package.json` is the single version source: the Python package reads it
 * too (hatch-nodejs-version), so the two halves of a release always agree.
 * It is required rather than imported because it lies outside `src/`.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const packageJson: { version: string } = require('../package.json');

export const FRONTEND_VERSION: string = packageJson.version;
