/*
 * Wire types of team remotes: they mirror the schemas of the OpenAPI document
 * `mlops_lab/server/openapi.yaml`, which is the contract with the server.
 */

/**
 * The outbox of the team's remotes (`Info.sync`): how many runs wait to be
 * pushed, how many failed at their last attempt, and that failure's message.
 */
export interface ISyncState {
  pending: number;
  failing: number;
  last_error: string | null;
}

/**
 * Which runs `GET /mlops-lab/runs` lists: made here (`local`), pulled from a
 * team's remote (`team`), or both (`all`, the default).
 */
export type RunOriginScope = 'all' | 'local' | 'team';

/**
 * Where a run pulled from a team's remote came from (`RunOrigin`); such a
 * run is read-only here.
 */
export interface IRunOrigin {
  /**
   * The remote's name in this store or server.
   */
  remote: string;
  /**
   * Its tracking URL (`mlflow:http://...`).
   */
  url: string | null;
  /**
   * The run's id on the remote.
   */
  run_id: string;
  /**
   * Who made the run (`mlflow.user`).
   */
  user: string | null;
}

/**
 * A team's remote, with its outbox (`RemoteList.remotes[]`).
 */
export interface IRemote {
  name: string;
  /**
   * `mlflow:http(s)://HOST:PORT`; never credentials.
   */
  url: string;
  /**
   * Added to the store, or set by the server's administrator.
   */
  source: 'store' | 'server';
  /**
   * Every recorded change is pushed by itself.
   */
  auto: boolean;
  pending: number;
  failing: number;
  last_push_at: string | null;
  last_error: string | null;
}
