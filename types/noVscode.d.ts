// Stands in for the `vscode` module in tsconfig.core.json and tsconfig.webview.json (their `paths` map
// `vscode` here): it exports nothing, so any vscode type used in the core or the webview fails to type-check.
// Without the mapping, `import ... from 'vscode'` would find @types/vscode whatever `types` says.
// ESLint's no-restricted-imports rejects the import itself.
export {};
