// What each action can be asked to do. The instructions are the product's voice towards the
// model: say what to keep, what to change, and nothing the model could mistake for text to echo.

export interface ContinueVariant {
  id: 'auto' | 'guided';
  label: string;
  instruction: string;
}

export interface RewriteVariant {
  id: string;
  label: string;
  instruction: string;
  /** The writer must say what they want (the prompt appends their words). */
  needsInstruction?: boolean;
  /** It keeps the author's words, so it keeps their voice: no style is applied. */
  keepsVoice?: boolean;
  /** The rewrite's length as a share of the passage's, told to the model as a range. */
  length?: { min: number; max: number };
}

export interface BrainstormCategory {
  id: string;
  label: string;
  instruction: string;
}

export const CONTINUE_VARIANTS: readonly ContinueVariant[] = [
  {
    id: 'auto',
    label: 'Continue naturally',
    instruction:
      'Write what comes next, following the direction the scene is already taking, with the characters consistent ' +
      'with what they have said and done. Do not rush to a resolution, summarise, or end the story.',
  },
  {
    id: 'guided',
    label: 'Continue with my direction',
    instruction:
      'Write what comes next so that what the author describes below happens, dramatised in scene rather than ' +
      'summarised, with the characters consistent with what they have said and done.',
  },
];

export const REWRITE_VARIANTS: readonly RewriteVariant[] = [
  {
    id: 'rephrase',
    label: 'Rephrase',
    keepsVoice: true,
    length: { min: 0.85, max: 1.15 },
    instruction:
      'Rephrase the passage: the same things in fresh wording and sentence shapes. Keep its meaning, events, ' +
      'facts, names and tone; in dialogue, keep what each speaker says.',
  },
  {
    id: 'shorter',
    label: 'Make shorter',
    keepsVoice: true,
    length: { min: 0.5, max: 0.7 },
    instruction:
      'Make the passage shorter by cutting what carries no weight: filler words (just, really, very, began to, ' +
      'seemed to), redundancy, hedging and what the reader already knows. Keep every plot fact, every event and ' +
      'each line of dialogue that matters.',
  },
  {
    id: 'expand',
    label: 'Expand',
    length: { min: 1.3, max: 2 },
    instruction:
      "Expand the passage: slow the moment down with beats of action, sensory detail and the character's " +
      'thoughts. Keep everything already there, in order, and add no new events.',
  },
  {
    id: 'vivid',
    label: 'More vivid',
    length: { min: 0.9, max: 1.25 },
    instruction:
      'Make the passage more vivid through the one or two senses the point-of-view character would notice in ' +
      'this moment: concrete nouns and strong verbs in place of adjectives and adverbs. Keep its events and meaning.',
  },
  {
    id: 'show-dont-tell',
    label: "Show, don't tell",
    length: { min: 1, max: 1.5 },
    instruction:
      'Where the passage names an emotion or a trait, or summarises, let the reader infer it from action, gesture, ' +
      'dialogue or one telling detail instead. Keep the events and what the reader should understand. No stock ' +
      'body language: no pounding hearts, held breaths, clenched jaws or single tears.',
  },
  {
    id: 'intensify',
    label: 'Intensify',
    length: { min: 0.8, max: 1.25 },
    instruction:
      'Intensify the passage: raise the tension, the stakes or the inner conflict with tighter pacing and more ' +
      'pressure in what is said and not said, without changing what happens.',
  },
  {
    id: 'polish',
    label: 'Polish',
    keepsVoice: true,
    instruction:
      'Polish the passage with the fewest changes possible: correct grammar, spelling and punctuation, and smooth ' +
      "awkward phrasing. Keep the author's words, dialect and deliberate fragments wherever they work; a sentence " +
      'that needs no change stays exactly as it is.',
  },
  {
    id: 'custom',
    label: 'My own instruction',
    needsInstruction: true,
    instruction: 'Rewrite the passage as the author asks below, changing only what the request calls for.',
  },
];

export const BRAINSTORM_CATEGORIES: readonly BrainstormCategory[] = [
  {
    id: 'characters',
    label: 'Characters',
    instruction:
      'Characters who could enter this story, each with a name that fits its setting, who they are in a few words, ' +
      'and what they want or fear that would complicate things. No stock archetypes (the wise mentor, the chosen ' +
      'one, the villain who is evil for its own sake): give each a contradiction of their own.',
  },
  {
    id: 'names',
    label: 'Names',
    instruction:
      "Names for people in this story that fit its setting, period and culture, each with a few words on its sound " +
      'or connotation. No famous or overused fictional names (nothing like Elara, Kael, Lyra or Raven).',
  },
  {
    id: 'places',
    label: 'Places',
    instruction:
      'Places where scenes could happen, each a specific location with one telling detail. No stock settings (the ' +
      'smoky tavern, the abandoned warehouse) unless something makes them belong to this story alone.',
  },
  {
    id: 'plot-points',
    label: 'Plot points',
    instruction: 'Things that could happen next: each a concrete event that moves the story forward or turns it.',
  },
  {
    id: 'twists',
    label: 'Twists',
    instruction: 'Twists: surprising turns that recast what came before, yet feel inevitable in hindsight. Not the first twist a reader would guess.',
  },
  {
    id: 'conflicts',
    label: 'Conflicts',
    instruction: 'Conflicts that would raise the stakes: between characters, within a character, or with the world.',
  },
  {
    id: 'dialogue',
    label: 'Lines of dialogue',
    instruction:
      "Lines of dialogue for this story, each starting with who speaks and a colon, then the words in that " +
      "character's own voice, revealing something or pushing the scene.",
  },
  {
    id: 'titles',
    label: 'Titles',
    instruction: 'Titles for this story, chapter or scene: evocative and specific to it, never generic.',
  },
  {
    id: 'objects',
    label: 'Objects',
    instruction:
      'Objects that could matter in this story: each something specific a character could hold, hide, lose or ' +
      'find, with the meaning it could carry.',
  },
  {
    id: 'world-building',
    label: 'World-building',
    instruction:
      'World-building details that make the setting feel lived-in (customs, history, institutions, economy, ' +
      "technology, beliefs), true to the story's genre: no magic or invented technology in realist fiction.",
  },
  {
    id: 'other',
    label: 'Anything else',
    instruction: 'Ideas about what the author asks for below.',
  },
];
