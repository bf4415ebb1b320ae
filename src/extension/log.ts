import * as vscode from 'vscode';
import type { Logger } from '../core';

/** The extension's one output channel, "JSP Trace". `error` also reveals it, so failures are seen. */
export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('JSP Trace', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string, error?: unknown): void {
    this.channel.error(error instanceof Error ? `${message}: ${error.stack ?? error.message}` : message);
    this.channel.show(true);
  }

  /** The core's logger, writing `Class.method {data}` lines to this channel. */
  coreLogger(): Logger {
    const format = (method: string, data?: Record<string, unknown>) => (data ? `${method} ${JSON.stringify(data)}` : method);
    return {
      trace: (method, data) => this.channel.trace(format(method, data)),
      info: (method, data) => this.channel.info(format(method, data)),
      warn: (method, data) => this.channel.warn(format(method, data)),
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
