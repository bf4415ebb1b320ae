/** Command IDs: user-facing ones are contributed in package.json with the "JSP Trace" category. */
export const enum CommandId {
  // User-facing
  OpenMatrix = 'jspTrace.openMatrix',
  Reindex = 'jspTrace.reindex',
  ShowOutput = 'jspTrace.showOutput',
  OpenExampleConcepts = 'jspTrace.openExampleConcepts',
  TreeShowUntraced = 'jspTrace.treeShowUntraced',
  TreeShowAll = 'jspTrace.treeShowAll',
  // Internal: run from CodeLens and quick fixes
  CopyAnnotation = 'jspTrace.copyAnnotation',
}
