import * as vscode from 'vscode';

/**
 * Whether VS Code will refuse edits to `document`. A rewrite edits only when its review ends, so
 * this is asked before anything is sent: a read-only file system or file, or a file the writer's
 * `files.readonlyInclude` setting locks (and `files.readonlyExclude` does not free).
 */
export async function isReadOnly(document: vscode.TextDocument): Promise<boolean> {
  if (document.uri.scheme === 'output') return true;
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) return true;
  if (lockedBySettings(document)) return true;
  // The disk file system reports a file without write permission as locked, which VS Code still
  // edits (and the API's stat does not report as read-only): asking it would cost a round trip to
  // the workbench per command and answer no.
  if (document.isUntitled || document.uri.scheme === 'file') return false;
  try {
    const stat = await vscode.workspace.fs.stat(document.uri);
    return ((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
  } catch {
    return false;
  }
}

function lockedBySettings(document: vscode.TextDocument): boolean {
  const files = vscode.workspace.getConfiguration('files', document.uri);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const matches = (globs: Record<string, boolean> | undefined) =>
    Object.entries(globs ?? {}).some(
      ([glob, on]) =>
        on &&
        (vscode.languages.match({ pattern: glob }, document) > 0 ||
          (folder !== undefined && vscode.languages.match({ pattern: new vscode.RelativePattern(folder, glob) }, document) > 0)),
    );
  return matches(files.get('readonlyInclude')) && !matches(files.get('readonlyExclude'));
}
