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
