import * as vscode from 'vscode';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension('inkwell.inkwell');
  if (!ext) throw new Error('Inkwell is not loaded in this VS Code');
  return ext;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The tests need a workspace folder on disk');
  return folder;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds. Generous by default: the tests must pass on a slow, busy machine. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Ends any pending suggestion, then closes every editor without saving what the test changed. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('inkwell.rejectSuggestion');
  for (let i = 0; i < 30 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A file on a read-only file system (registered under `scheme`), as a writer meets in an archive or a remote. */
export function registerReadOnlyFile(scheme: string, text: string): vscode.Disposable {
  const content = new TextEncoder().encode(text);
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => {}),
    stat: () => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.length }),
    readDirectory: () => [],
    createDirectory: () => {},
    readFile: () => content,
    writeFile: () => {},
    delete: () => {},
    rename: () => {},
  };
  return vscode.workspace.registerFileSystemProvider(scheme, provider, { isReadonly: true });
}

/**
 * Sets `inkwell.*` user settings as a writer would in their settings.json (where requests go can only
 * be set there) and returns what puts the previous values back.
 */
export async function useUserSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('inkwell');
  const previous = new Map(Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue]));
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous) await config.update(key, value, vscode.ConfigurationTarget.Global);
  };
}
