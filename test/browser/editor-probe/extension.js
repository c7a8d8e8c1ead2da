// Reports what the extension host knows of the active text editor — its document's text and version,
// whether it is dirty, and its selections — to the browser test process (INKWELL_PROBE_URL), on every
// change. The browser tests wait on these states instead of reading rendered editor lines, which the
// workbench draws later, virtualises and wraps. It also changes user settings when the test process
// asks (polling `settings`), as a writer would in the Settings editor, since the browser workbench
// does not watch its settings file.
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
  applySettingsWhenAsked(url, context);
}

async function applySettingsWhenAsked(url, context) {
  let stopped = false;
  context.subscriptions.push({ dispose: () => (stopped = true) });
  while (!stopped) {
    try {
      const response = await fetch(new URL('settings', url));
      if (response.status !== 200) continue;
      const { id, changes } = await response.json();
      const configuration = vscode.workspace.getConfiguration();
      for (const [key, value] of Object.entries(changes)) await configuration.update(key, value, vscode.ConfigurationTarget.Global);
      await fetch(new URL(`settings/${id}`, url), { method: 'POST' });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

module.exports = { activate };
