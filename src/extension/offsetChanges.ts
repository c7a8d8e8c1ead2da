import type * as vscode from 'vscode';
import type { OffsetChange } from '../core/trackedRange';

/** An event's changes as the core's tracked ranges read them (offsets on the document before the event). */
export function offsetChanges(event: vscode.TextDocumentChangeEvent): OffsetChange[] {
  return event.contentChanges.map((change) => ({ offset: change.rangeOffset, length: change.rangeLength, text: change.text }));
}
