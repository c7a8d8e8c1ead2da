import * as vscode from 'vscode';

const FOUNTAIN_FILE = /\.(?:fountain|spmd)$/i;

interface LanguageContribution {
  id?: unknown;
  extensions?: unknown;
}

/**
 * The language ids `.fountain` files may have: Inkwell's own, and those of other installed
 * extensions that contribute Fountain under another id, so a script is a script whichever of them
 * the writer chose.
 */
export function fountainLanguageIds(): string[] {
  const ids = new Set(['fountain']);
  for (const id of otherFountainLanguages().values()) ids.add(id);
  return [...ids];
}

/** Ids of Fountain languages contributed by extensions other than Inkwell. */
function otherFountainLanguages(): Set<string> {
  const ids = new Set<string>();
  for (const extension of vscode.extensions.all) {
    if (extension.id === 'inkwell.inkwell') continue;
    const languages = (extension.packageJSON as { contributes?: { languages?: LanguageContribution[] } })?.contributes?.languages;
    if (!Array.isArray(languages)) continue;
    for (const language of languages) {
      const extensions = Array.isArray(language.extensions) ? language.extensions : [];
      if (typeof language.id === 'string' && extensions.some((ext) => typeof ext === 'string' && FOUNTAIN_FILE.test(`x${ext}`))) ids.add(language.id);
    }
  }
  return ids;
}

/** Whether another installed extension gives Fountain files their language (and so its own outline). */
export function anotherFountainExtension(): boolean {
  return otherFountainLanguages().size > 0;
}

/** Whether the document is a screenplay in Fountain: by its language, or by its file name. */
export function isFountainDocument(document: vscode.TextDocument): boolean {
  return fountainLanguageIds().includes(document.languageId) || (document.languageId === 'plaintext' && FOUNTAIN_FILE.test(document.uri.path));
}
