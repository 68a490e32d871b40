import { ServerConnection } from '@jupyterlab/services';

import { ICompatibility } from '../tokens';
import { IInfo } from './runsTypes';
import { errorMessage } from '../common/errorMessage';

/**
 * The version handshake between this frontend and the server extension.
 */
export namespace Compatibility {
  /**
   * The state before the first `info` request answers.
   */
  export function checking(frontendVersion: string): ICompatibility {
    return {
      status: 'checking',
      message: '',
      frontendVersion,
      serverVersion: null
    };
  }

  /**
   * Compare the server extension's version with the frontend's.
   */
  export function fromInfo(
    info: IInfo,
    frontendVersion: string
  ): ICompatibility {
    const serverVersion = info.version;
    if (sameVersion(frontendVersion, serverVersion)) {
      return {
        status: 'compatible',
        message: '',
        frontendVersion,
        serverVersion
      };
    }
    return {
      status: 'mismatch',
      message:
        `Version mismatch: frontend ${frontendVersion}, server ${serverVersion}. ` +
        'Run pip install --upgrade mlops-lab and restart JupyterLab.',
      frontendVersion,
      serverVersion
    };
  }

  /**
   * Explain a failed `info` request.
   */
  export function fromError(
    error: unknown,
    frontendVersion: string
  ): ICompatibility {
    if (
      error instanceof ServerConnection.ResponseError &&
      error.response.status === 404
    ) {
      return {
        status: 'missing',
        message:
          'The mlops-lab server extension is not installed or not enabled. ' +
          'Run: pip install mlops-lab && jupyter server extension enable mlops_lab, ' +
          'then restart JupyterLab.',
        frontendVersion,
        serverVersion: null
      };
    }
    const message =
      error instanceof ServerConnection.ResponseError
        ? // The server's JSON message says what is wrong and what to do.
          `The mlops-lab server extension reported a problem: ${error.message}`
        : `The mlops-lab server extension could not be reached: ${errorMessage(
            error
          )}`;
    return {
      status: 'unreachable',
      message,
      frontendVersion,
      serverVersion: null
    };
  }

  /**
   * Whether an npm version and a Python version name the same release.
   *
   * hatch-nodejs-version turns `1.2.0-alpha.1` into `1.2.0a1`, `-beta.N`
   * into `bN` and `-rc.N` into `rcN`.
   */
  export function sameVersion(
    npmVersion: string,
    pythonVersion: string
  ): boolean {
    return Private.toPython(npmVersion) === Private.toPython(pythonVersion);
  }
}

namespace Private {
  /**
   * The PEP 440 spelling of a version.
   */
  export function toPython(version: string): string {
    return version
      .trim()
      .toLowerCase()
      .replace(/-alpha\.?(\d+)$/, 'a$1')
      .replace(/-beta\.?(\d+)$/, 'b$1')
      .replace(/-rc\.?(\d+)$/, 'rc$1');
  }
}
