/** Where the core logs: a method name (`'Class.method'`) and a data object. The host decides where it goes. */
export interface Logger {
  trace(method: string, data?: Record<string, unknown>): void;
  info(method: string, data?: Record<string, unknown>): void;
  warn(method: string, data?: Record<string, unknown>): void;
}

/** A logger that drops everything, for tests and callers that do not log. */
export const nullLogger: Logger = {
  trace() {},
  info() {},
  warn() {},
};
