/**
 * The contract between a workload and the crash simulator (simulate.ts): `run` drives storage code and reports each
 * write's begin and acknowledgement; `recover` reopens after a crash and reads every key back.
 */
/** What the workload tells the simulator about the writes it asked for. */
export interface AckRecorder {
  /** An operation on `key` is about to start; `value` null means delete. */
  begin(key: string, value: string | null): void;
  /** The engine has acknowledged every operation begun on `key` so far (put/delete returned, batch committed). */
  ack(key: string): void;
}

export interface Workload {
  /**
   * Opens the engine in `dir` (which exists and is empty), runs a fixed, deterministic sequence of operations,
   * reporting each through `recorder`, then closes the engine. No timers, no randomness.
   */
  run(dir: string, recorder: AckRecorder): Promise<void>;
  /**
   * Opens the engine on whatever `dir` holds after a crash, runs its recovery, and returns the value of each of
   * `keys` (null when absent or deleted). Throwing means recovery failed on a state a crash can leave.
   */
  recover(dir: string, keys: readonly string[]): Promise<Map<string, string | null>>;
}
