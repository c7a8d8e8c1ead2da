import * as vscode from 'vscode';
import type { GenerationResult } from '../core/types';

/**
 * A command called with a plain argument object (a script, a test, a keybinding's args) shows no
 * picker or input box; called with nothing, or with the `Uri` a menu passes, it is interactive.
 */
export function scriptedArgs(arg: unknown): Record<string, unknown> | undefined {
  if (arg === null || typeof arg !== 'object' || arg instanceof vscode.Uri || Array.isArray(arg)) return undefined;
  return arg as Record<string, unknown>;
}

/** A generation that could not start: the writer is told why, and the caller gets the contract's result. */
export function refusedGeneration(errorCode: GenerationResult['errorCode'], error: string): GenerationResult {
  void vscode.window.showWarningMessage(error);
  return { outcome: 'failed', text: '', errorCode, error };
}
