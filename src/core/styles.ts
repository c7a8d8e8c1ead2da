// Styles: the voice the assistant writes in. Built-in ones, the writer's own from the setting
// `inkwell.customStyles`, and the workspace's from `.inkwell/styles/*.md` (parsed in styleFiles.ts).

import { parseStyleFile, styleError, styleFieldProblem, type StyleParseError, type StyleProblemReason, type YamlModule } from './styleFiles';

export interface Style {
  id: string;
  label: string;
  description?: string;
  instruction: string;
  temperature?: number;
  source: 'built-in' | 'settings' | 'workspace';
}

function builtIn(id: string, label: string, description: string, instruction: string): Style {
  return { id, label, description, instruction, source: 'built-in' };
}

export const BUILT_IN_STYLES: readonly Style[] = [
  builtIn(
    'match',
    'Match my voice',
    "Write the way the manuscript is already written",
    "Write in the manuscript's own voice, as its author would on a good day: the same point of view and tense, " +
      'the same sentence rhythm and length, vocabulary, punctuation habits, level of detail and balance of dialogue ' +
      'and narration. Do not polish it into a different voice or make it fancier than it is.',
  ),
  builtIn(
    'literary',
    'Literary',
    'Precise, resonant prose with subtext',
    'Literary fiction. Precise, resonant prose in which meaning lives in what characters notice, do and leave ' +
      'unsaid. Concrete, particular images rather than abstractions; varied sentence rhythm; interiority without ' +
      'explaining the emotion to the reader. No clichés, no stock phrases, no tidy moral.',
  ),
  builtIn(
    'noir',
    'Noir',
    'Terse, hard-boiled, shadowed',
    'Hard-boiled noir. A terse, world-weary voice; short declarative sentences with the occasional long, ' +
      'bitter one; sharp similes drawn from the streets, money and bad habits. Dialogue clipped and loaded, ' +
      'nobody saying quite what they mean. Rain, neon and cigarette smoke used sparingly, never as wallpaper.',
  ),
  builtIn(
    'whimsical',
    'Whimsical',
    'Playful, warm, gently absurd',
    'Whimsical. Playful, warm and light on its feet: gentle absurdity treated as perfectly ordinary, delight ' +
      'in odd particulars, names and small rituals, a little wordplay. Kind rather than snide; wonder rather ' +
      'than irony.',
  ),
  builtIn(
    'gothic',
    'Gothic',
    'Brooding atmosphere, dread and secrets',
    'Gothic. Brooding atmosphere and slowly gathering dread: old houses, weather, family secrets, the past ' +
      'pressing on the present. Rich but controlled description that lingers on texture, light and sound; ' +
      'suspense built by withholding; the uncanny glimpsed rather than explained.',
  ),
  builtIn(
    'minimalist',
    'Minimalist',
    'Spare sentences, emotion implied',
    'Minimalist. Plain, spare sentences; few adjectives and almost no adverbs; concrete actions, objects and ' +
      'spoken words. Emotion is never named, only implied by what people do and avoid. Leave things out and ' +
      'trust the reader.',
  ),
  builtIn(
    'lyrical',
    'Lyrical',
    'Musical, image-rich, flowing',
    'Lyrical. Prose attentive to sound and cadence: flowing sentences balanced by short ones, echo used on ' +
      'purpose, feeling carried by image and rhythm, grounded in the scene. At most one image a sentence; ' +
      'sentences rarely past 35 words. No stock phrases: no tapestry of anything, pounding hearts or held breaths.',
  ),
  builtIn(
    'comedic',
    'Comedic',
    'Wit, timing and escalation',
    "Comedic. Wit and timing: characters' blind spots, misunderstandings and escalating predicaments, played " +
      'straight. Specific, surprising details beat stated jokes; the funny word goes at the end of the sentence. ' +
      'Keep the characters human, so the reader laughs with them as often as at them.',
  ),
  builtIn(
    'screenplay',
    'Screenplay (Fountain)',
    'Scene headings, action, character cues and dialogue',
    'A screenplay in Fountain format, counted in elements, not paragraphs. Scene headings in capitals on their ' +
      'own line (INT. KITCHEN - NIGHT); action in the present tense, at most four lines an element, showing only ' +
      'what can be seen and heard; a character cue in capitals on its own line directly above the dialogue; a ' +
      'parenthetical on its own line under the cue, only when needed; transitions in capitals ending in "TO:". ' +
      'One blank line between elements, none inside a speech. No camera directions unless the manuscript uses them.',
  ),
  builtIn(
    'poetry',
    'Poetry',
    'Keeps line breaks and stanza shape',
    'Poetry, counted in lines and stanzas, not words or paragraphs: one line of verse per line; keep the ' +
      "poem's line lengths, its stanzas' number of lines, its indentation, and its metre and rhyme scheme when it " +
      'has them; one blank line between stanzas. Compression, concrete image and sound over explanation. Never ' +
      'turn verse into prose.',
  ),
];

export interface StyleProblem {
  /** Where the style came from: `inkwell.customStyles[2]` or the style file's path. */
  source: string;
  /** The reason in English (for the log). */
  message: string;
  reason: StyleProblemReason;
}

/**
 * The built-in styles followed by the writer's own: settings first, then workspace files in path
 * order. A style whose id is already taken, or that is malformed, is skipped and reported.
 */
export function mergeStyles(
  settings: unknown[],
  workspace?: { files: { path: string; text: string }[]; yaml: YamlModule },
): { styles: Style[]; problems: StyleProblem[] } {
  const styles: Style[] = [...BUILT_IN_STYLES];
  /** Who has each id: the source of a custom style, undefined for a built-in one. */
  const owners = new Map<string, string | undefined>(BUILT_IN_STYLES.map((style) => [style.id, undefined]));
  const problems: StyleProblem[] = [];
  const report = (source: string, { error, reason }: StyleParseError) => problems.push({ source, message: error, reason });

  const add = (style: Style, source: string) => {
    if (owners.has(style.id)) {
      report(source, styleError({ code: 'duplicate-id', id: style.id, owner: owners.get(style.id) }));
      return;
    }
    owners.set(style.id, source);
    styles.push(style);
  };

  (Array.isArray(settings) ? settings : []).forEach((entry, index) => {
    const source = `inkwell.customStyles[${index}]`;
    const parsed = styleFromSetting(entry);
    if ('error' in parsed) report(source, parsed);
    else add(parsed.style, source);
  });

  for (const file of [...(workspace?.files ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const parsed = parseStyleFile(file.path, file.text, workspace!.yaml);
    if ('error' in parsed) report(file.path, parsed);
    else add(parsed.style, file.path);
  }
  return { styles, problems };
}

function styleFromSetting(entry: unknown): { style: Style } | StyleParseError {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return styleError({ code: 'not-object' });
  const fields = entry as Record<string, unknown>;
  const problem = styleFieldProblem(fields);
  if (problem) return styleError(problem);
  if (typeof fields.instruction !== 'string' || fields.instruction.trim() === '') return styleError({ code: 'no-instruction' });
  const id = (fields.id as string).trim();
  const style: Style = {
    id,
    label: typeof fields.label === 'string' && fields.label.trim() ? fields.label.trim() : id,
    instruction: fields.instruction.trim(),
    source: 'settings',
  };
  if (typeof fields.description === 'string' && fields.description.trim()) style.description = fields.description.trim();
  if (typeof fields.temperature === 'number') style.temperature = fields.temperature;
  return { style };
}
