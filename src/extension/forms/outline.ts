import * as vscode from 'vscode';
import { fountainOutline, parseFountain, type OutlineEntry } from '../../core/fountain';

/** The Outline view and breadcrumbs of a Fountain script: its sections and scenes. */
export class FountainOutline implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const text = document.getText();
    const toSymbol = (entry: OutlineEntry): vscode.DocumentSymbol => {
      const range = new vscode.Range(document.positionAt(entry.start), document.positionAt(entry.end));
      const heading = new vscode.Range(document.positionAt(entry.headingStart), document.positionAt(entry.headingEnd));
      const kind = entry.kind === 'section' ? vscode.SymbolKind.Namespace : vscode.SymbolKind.Class;
      const symbol = new vscode.DocumentSymbol(entry.name, entry.detail, kind, range, heading);
      symbol.children = entry.children.map(toSymbol);
      return symbol;
    };
    return fountainOutline(parseFountain(text), text.length).map(toSymbol);
  }
}
