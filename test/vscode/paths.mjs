// Where the test VS Code and its runs live: everything is cached under the ignored `.cache/`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = path.join(root, '.cache');
export const runsDir = path.join(cacheDir, 'runs');
export const sharedSpecDir = path.join(root, 'test/fixtures/openai-spec');
