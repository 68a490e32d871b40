import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/**
 * The URL namespace of the mlops-lab server extension.
 */
export const API_NAMESPACE = 'mlops-lab';

/**
 * Call the mlops-lab server extension.
 *
 * @param endPoint - The path below `mlops-lab/`, with its query string.
 * @param init - The fetch options.
 * @param serverSettings - The Jupyter server to call.
 * @returns The decoded JSON body, or undefined for an empty body.
 * @throws {ServerConnection.NetworkError} When the server cannot be reached.
 * @throws {ServerConnection.ResponseError} For a non-2xx answer; its message
 *   is the server's JSON `message`.
 */
export async function requestAPI<T>(
  endPoint: string,
  init: RequestInit = {},
  serverSettings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(serverSettings.baseUrl, API_NAMESPACE, endPoint);

  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, serverSettings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }

  const text = await response.text();
  const body = Private.parseJSON(text);

  if (!response.ok) {
    throw new ServerConnection.ResponseError(
      response,
      Private.errorMessage(body, response)
    );
  }
  return body as T;
}

namespace Private {
  /**
   * Decode a body that should be JSON; keep text that is not.
   */
  export function parseJSON(text: string): unknown {
    if (text.length === 0) {
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /**
   * The `message` of a JSON error body, else the status line.
   */
  export function errorMessage(body: unknown, response: Response): string {
    if (
      typeof body === 'object' &&
      body !== null &&
      'message' in body &&
      typeof body.message === 'string' &&
      body.message.length > 0
    ) {
      return body.message;
    }
    return `${response.status} ${response.statusText}`.trim();
  }
}
