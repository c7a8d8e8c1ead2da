import type * as vscode from 'vscode';
import type { Keeper, Round } from '../../core/brainstormProtocol';

const HISTORY_KEY = 'inkwell.brainstorm.history';
const KEEPERS_KEY = 'inkwell.brainstorm.keepers';
/** Enough to look back over a writing session without the workspace state growing without end. */
const MAX_ROUNDS = 50;

/** Rounds and keepers of this workspace, in `workspaceState`: they belong to the manuscript, not the machine. */
export class BrainstormStore {
  constructor(private readonly state: vscode.Memento) {}

  history(): Round[] {
    return this.state.get<Round[]>(HISTORY_KEY, []);
  }

  keepers(): Keeper[] {
    return this.state.get<Keeper[]>(KEEPERS_KEY, []);
  }

  /** Adds or replaces a round (by id), newest first. */
  async saveRound(round: Round): Promise<Round[]> {
    const others = this.history().filter((each) => each.id !== round.id);
    const history = [round, ...others].slice(0, MAX_ROUNDS);
    await this.state.update(HISTORY_KEY, history);
    return history;
  }

  async clearHistory(): Promise<void> {
    await this.state.update(HISTORY_KEY, undefined);
  }

  /** Keeping the same words twice keeps them once. */
  async keep(text: string, category: string): Promise<Keeper[]> {
    const keepers = this.keepers();
    if (keepers.some((keeper) => keeper.text === text)) return keepers;
    const keeper: Keeper = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, text, category, keptAt: Date.now() };
    const updated = [keeper, ...keepers];
    await this.state.update(KEEPERS_KEY, updated);
    return updated;
  }

  async unkeep(id: string): Promise<Keeper[]> {
    const updated = this.keepers().filter((keeper) => keeper.id !== id);
    await this.state.update(KEEPERS_KEY, updated);
    return updated;
  }
}
