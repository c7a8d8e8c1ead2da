import * as vscode from 'vscode';
import { anotherFountainExtension } from './fountainDocuments';
import { FountainOutline } from './outline';

/** Screenplays and verse: what Inkwell adds to the editor for them. */
export function registerForms(): vscode.Disposable[] {
  // Another Fountain extension brings its own outline; two would list every scene twice.
  if (anotherFountainExtension()) return [];
  return [vscode.languages.registerDocumentSymbolProvider({ language: 'fountain' }, new FountainOutline(), { label: 'Fountain' })];
}
