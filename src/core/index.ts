/** The traceability core: pure TypeScript, no `vscode`, no `fs`. Hosts pass `(path, text)` in. */
export * from './model';
export * from './config';
export * from './ids';
export * from './files';
export * from './extract';
export * from './graph';
export * from './rules';
export * from './coverage';
export * from './traceIndex';
export * from './matrix';
export * from './logger';
export { LineIndex, countOf } from './text';
export * from './itemInfo';
export { commentSyntaxFor } from './comments';
export * from './workspace';
export * from './completion';
export * from './traceMatrix';
export * from './phases';
