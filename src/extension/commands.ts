/** Command IDs: user-facing ones are contributed in package.json with the "JSP Trace" category. */
export const enum CommandId {
  // User-facing
  OpenMatrix = 'jspTrace.openMatrix',
  Reindex = 'jspTrace.reindex',
  ShowOutput = 'jspTrace.showOutput',
  OpenExampleConcepts = 'jspTrace.openExampleConcepts',
  EnableInWorkspace = 'jspTrace.enableInWorkspace',
  TreeShowUntraced = 'jspTrace.treeShowUntraced',
  TreeShowAll = 'jspTrace.treeShowAll',
  CompareWithBranch = 'jspTrace.compareWithBranch',
  // Internal: run from CodeLens and quick fixes
  CopyAnnotation = 'jspTrace.copyAnnotation',
  ExplainRenumber = 'jspTrace.explainRenumber',
}

/** Context keys the extension sets for package.json's `when` clauses. */
export const enum ContextKey {
  /** Some workspace folder reports (it has a `jsp-trace.jsonc` or JSP evidence): the views, buttons and commands show. */
  Active = 'jspTrace.active',
  /** Some workspace folder is quiet: "Enable in This Workspace" is offered. */
  HasQuietFolder = 'jspTrace.hasQuietFolder',
}
