// Reports what the extension host knows of the active text editor — its document's text and version,
// whether it is dirty, and its selections — to the browser test process (INKWELL_PROBE_URL), on every
// change. The browser tests wait on these states instead of reading rendered editor lines, which the
// workbench draws later, virtualises and wraps.
const vscode = require('vscode');

function activate(context) {
  const url = process.env.INKWELL_PROBE_URL;
  if (!url) return;
  // One session per extension host: a reloaded window's reports start again at 1.
  const session = `${Date.now()}-${Math.random()}`;
  let sequence = 0;
  const report = () => {
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const state = {
      session,
      sequence: ++sequence,
      file: document ? vscode.workspace.asRelativePath(document.uri, false) : undefined,
      version: document?.version,
      dirty: document?.isDirty,
      text: document?.getText(),
      selections: editor
        ? editor.selections.map((selection) => ({
            start: document.offsetAt(selection.start),
            end: document.offsetAt(selection.end),
            text: document.getText(selection),
          }))
        : [],
    };
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) }).catch(() => {});
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(report),
    vscode.window.onDidChangeTextEditorSelection(report),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) report();
    }),
    vscode.workspace.onDidSaveTextDocument(report),
  );
  report();
}

module.exports = { activate };
