// Types of systemPackages.mjs, for the unit test that drives it.
export function onPath(names: string | string[], env?: NodeJS.ProcessEnv): string | undefined;
export const CHROMIUM_NAMES: string[];
export const SYSTEM_PACKAGES: Record<string, { for: string; present(env: NodeJS.ProcessEnv): boolean }>;
export const BUILD_PACKAGES: string[];
export class SetupError extends Error {}
export const installedHere: string[];
export function ensureSystemPackages(
  names: string[],
  options?: { env?: NodeJS.ProcessEnv; isRoot?: boolean; isPresent?: (name: string) => boolean; log?: (line: string) => void },
): Promise<string[]>;
