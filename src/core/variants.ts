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
      'Continue the manuscript from exactly where it stops, as its next sentences and paragraphs. Follow the ' +
      'direction the scene is already taking; keep the characters consistent with what they have said and done; ' +
      'do not rush to a resolution, summarise, or end the story.',
  },
  {
    id: 'guided',
    label: 'Continue with my direction',
    instruction:
      'Continue the manuscript from exactly where it stops, so that what the author describes below happens next. ' +
      "Dramatise it in scene, in the manuscript's voice, rather than summarising it; keep the characters " +
      'consistent with what they have said and done.',
  },
];

export const REWRITE_VARIANTS: readonly RewriteVariant[] = [
  {
    id: 'rephrase',
    label: 'Rephrase',
    instruction:
      'Rephrase the passage: say the same things with fresh wording and sentence shapes. Keep its meaning, ' +
      'events, facts, names, point of view, tense and tone, and about the same length.',
  },
  {
    id: 'shorter',
    label: 'Make shorter',
    instruction:
      'Make the passage shorter and tighter, to roughly two thirds of its length: cut repetition, filler, ' +
      'hedging and weak modifiers, and merge sentences where it reads better. Keep every event, fact and line ' +
      'of dialogue that matters, and the voice.',
  },
  {
    id: 'expand',
    label: 'Expand',
    instruction:
      'Expand the passage: slow the moment down with physical detail, small actions, setting and the ' +
      "character's perceptions and thoughts. Keep everything that is already there, in order, and add no new " +
      'plot events.',
  },
  {
    id: 'vivid',
    label: 'More vivid',
    instruction:
      'Make the passage more vivid: concrete, specific detail for the senses (sight, sound, smell, touch, taste), ' +
      'stronger verbs and nouns in place of adjectives and adverbs, fewer abstractions. Keep its events and meaning.',
  },
  {
    id: 'show-dont-tell',
    label: "Show, don't tell",
    instruction:
      "Show, don't tell: where the passage names an emotion, a trait or a summary, replace it with action, " +
      'gesture, dialogue, sensory detail and subtext from which the reader can infer it. Keep the same events ' +
      'and what the reader should understand.',
  },
  {
    id: 'intensify',
    label: 'Intensify',
    instruction:
      'Intensify the passage: raise the tension, the stakes or the inner conflict — tighter pacing, more pressure ' +
      'on the character, a stronger undercurrent in what is said and not said — without changing what happens.',
  },
  {
    id: 'polish',
    label: 'Polish',
    instruction:
      'Polish the passage with the fewest changes possible: correct grammar, spelling and punctuation, and smooth ' +
      "awkward phrasing and flow. Keep the author's words, voice, dialect and deliberate fragments wherever they " +
      'already work; a sentence that needs no change stays exactly as it is.',
  },
  {
    id: 'custom',
    label: 'My own instruction',
    needsInstruction: true,
    instruction:
      "Rewrite the passage as the author asks below. Change only what the request calls for and keep the rest: " +
      'events, names, voice, point of view and tense.',
  },
];

export const BRAINSTORM_CATEGORIES: readonly BrainstormCategory[] = [
  {
    id: 'characters',
    label: 'Characters',
    instruction:
      'Characters who could enter this story. For each: a name, who they are in a few words, and what they want ' +
      'or fear that would complicate things.',
  },
  {
    id: 'names',
    label: 'Names',
    instruction:
      "Names for people in this story that fit its setting, period and culture, each with a few words on its " +
      'sound or connotation.',
  },
  {
    id: 'places',
    label: 'Places',
    instruction: 'Places where scenes could happen: each a specific location with one telling detail that gives it atmosphere.',
  },
  {
    id: 'plot-points',
    label: 'Plot points',
    instruction: 'Things that could happen next: each a concrete event that moves the story forward or turns it.',
  },
  {
    id: 'twists',
    label: 'Twists',
    instruction: 'Twists: surprising turns that recast what came before, yet feel inevitable in hindsight. Avoid the obvious.',
  },
  {
    id: 'conflicts',
    label: 'Conflicts',
    instruction:
      'Conflicts that would raise the stakes: between characters, within a character, or with the world. Make each specific to this story.',
  },
  {
    id: 'dialogue',
    label: 'Lines of dialogue',
    instruction:
      "Lines of dialogue a character in this story might say, each in that character's own voice, revealing " +
      'something or pushing the scene. Write the spoken words only.',
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
      'World-building details that would make the setting feel lived-in: customs, history, institutions, ' +
      'economy, technology, beliefs, or the rules of its magic or society.',
  },
  {
    id: 'other',
    label: 'Anything else',
    instruction: 'Ideas about what the author asks for below, each specific to this story.',
  },
];
