import * as vscode from 'vscode';
import { scriptedArgs } from '../commandArgs';
import type { Style } from '../../core/styles';
import type { StyleCatalog } from './styleCatalog';

interface StyleItem extends vscode.QuickPickItem {
  style?: Style;
}

/**
 * `inkwell.pickStyle`: a quick pick of every style, or `{ style }` to set one without asking.
 * Writes `inkwell.style` to the workspace when a folder is open, else to the user settings.
 * Resolves with the chosen style id, or undefined when nothing was set.
 */
export async function pickStyle(styles: StyleCatalog, arg: unknown): Promise<string | undefined> {
  const scope = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const requested = scriptedArgs(arg)?.style;
  await styles.checked(scope);
  if (requested !== undefined) {
    const style = typeof requested === 'string' ? styles.get(requested, scope) : undefined;
    if (!style) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('There is no Inkwell style "{0}". Choose one of: {1}', String(requested), styles.all(scope).map((item) => item.id).join(', ')),
      );
      return undefined;
    }
    await save(style.id, scope);
    return style.id;
  }

  const current = styles.current(scope);
  const items = styleItems(styles.all(scope), current);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Inkwell: Choose Writing Style'),
    placeHolder: vscode.l10n.t('The voice Inkwell writes in (now: {0})', current.label),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked?.style) return undefined;
  await save(picked.style.id, scope);
  return picked.style.id;
}

function styleItems(all: Style[], current: Style): StyleItem[] {
  const groups: Array<[Style['source'], string]> = [
    ['built-in', vscode.l10n.t('Built-in styles')],
    ['settings', vscode.l10n.t('Your styles (inkwell.customStyles)')],
    ['workspace', vscode.l10n.t("This folder's styles (.inkwell/styles)")],
  ];
  const items: StyleItem[] = [];
  for (const [source, title] of groups) {
    const members = all.filter((style) => style.source === source);
    if (members.length === 0) continue;
    items.push({ label: title, kind: vscode.QuickPickItemKind.Separator });
    for (const style of members) {
      items.push({
        style,
        label: style.id === current.id ? `$(check) ${style.label}` : style.label,
        description: style.description,
        detail: style.source === 'built-in' ? undefined : style.id,
      });
    }
  }
  return items;
}

async function save(id: string, scope: vscode.Uri | undefined): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('inkwell', scope).update('style', id, target);
}
