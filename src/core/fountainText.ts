// The model's text made Fountain. Models write screenplays the way chat formats them — bold scene
// headings, Markdown titles, "MARA: Hello." on one line, fences — and Fountain reads such text as
// something else (a bold line is action, "MARA: Hello." too). Each line of the answer is turned into
// the element it means, with Fountain's blank lines between elements and none inside a speech, and
// the continuation is joined to the script where the element at the cursor allows.

import { characterName, isCharacterCue, parseFountain, type FountainElementType } from './fountain';
import { isPreambleLine } from './modelText';
import type { PromptForm } from './prompt';
import type { Action } from './types';
import { createContinuationFilter, type ContinuationFilter } from './seams';

export type CursorPlace = 'in-line' | 'line-start' | 'after-blank';

/** Where the cursor is in the script: after which element, and how the text before it ends. */
export interface FountainCursor {
  /** The element the text before the cursor ends in (undefined at the start of the script). */
  element: FountainElementType | undefined;
  /** The character speaking, when the cursor is in a speech (after a cue, a parenthetical or dialogue). */
  speaker?: string;
  /** The last line's text, for an echo of it to be dropped. */
  lastLine: string;
  place: CursorPlace;
}

/** Kinds of line the answer is made of. */
type LineKind = 'cue' | 'parenthetical' | 'dialogue' | 'heading' | 'transition' | 'action';

const TAIL_CHARS = 6000;
const SCENE_PREFIX = /^(?:int|ext|est|int\.?\/ext|i\/e)[. ]/i;
/** Labels models put before a colon that are not characters. */
const NOT_SPEAKERS = new Set(['NOTE', 'NOTES', 'SCENE', 'ACT', 'SETTING', 'TITLE', 'LOCATION', 'TIME', 'FADE IN', 'FADE OUT', 'CUT TO', 'INT', 'EXT']);
/** A line held this long without a colon is not a "NAME: line" and may stream on. */
const PREFIX_WINDOW = 48;

/** Reads the element at the end of `before` (the script up to the cursor). */
export function fountainCursor(before: string): FountainCursor {
  const text = before.replace(/\r\n/g, '\n');
  const place: CursorPlace = text.trim() === '' || /\n[ \t]*\n[ \t]*$/.test(text) ? 'after-blank' : /\n[ \t]*$/.test(text) ? 'line-start' : 'in-line';
  let tail = text.slice(-TAIL_CHARS);
  if (tail.length < text.length) tail = tail.slice(Math.max(0, tail.indexOf('\n\n')));
  const body = tail.replace(/\s+$/, '');
  const lines = body.split('\n');
  const lastLine = lines[lines.length - 1]?.trim() ?? '';
  const blankBefore = lines.length < 2 || lines[lines.length - 2].trim() === '';
  // A cue with nothing under it yet is a cue all the same: its dialogue is what comes next.
  if (place !== 'after-blank' && blankBefore && (lastLine.startsWith('@') || isCharacterCue(lastLine))) {
    return { element: 'character', speaker: characterName(lastLine), lastLine, place };
  }
  const elements = parseFountain(body).elements;
  const last = elements[elements.length - 1];
  if (!last) return { element: undefined, lastLine, place };
  const cursor: FountainCursor = { element: last.type, lastLine, place };
  if (place !== 'after-blank' && ['character', 'parenthetical', 'dialogue', 'lyrics'].includes(last.type)) {
    const cue = [...elements].reverse().find((element) => element.type === 'character');
    if (cue?.name) cursor.speaker = cue.name;
  }
  return cursor;
}

/** What the model is told may come next, in the words of a screenwriter. */
export function whatMayFollow(cursor: FountainCursor): string {
  const speaker = cursor.speaker ?? 'the character';
  const inSpeech = cursor.place !== 'after-blank';
  switch (cursor.element) {
    case undefined:
      return 'The script is empty so far: open it with a scene heading, then action.';
    case 'character':
      return `The script stops right after ${speaker}'s character cue: write what ${speaker} says, starting on the line under the cue (a parenthetical first only if it is needed).`;
    case 'parenthetical':
      return `The script stops after a parenthetical in ${speaker}'s speech: write the line ${speaker} speaks, on the next line.`;
    case 'dialogue':
    case 'lyrics':
      return inSpeech && cursor.place === 'in-line'
        ? `The script stops in ${speaker}'s dialogue: finish the line if it is unfinished; then, after a blank line, the next character cue or action.`
        : 'The last speech has ended: go on with the next character cue and dialogue, or action, after a blank line.';
    case 'scene-heading':
      return 'The script stops after a scene heading: go on with action that shows the scene, after a blank line.';
    case 'transition':
      return 'The script stops after a transition: go on with the next scene heading, after a blank line.';
    case 'action':
      return cursor.place === 'in-line'
        ? 'The script stops in an action paragraph: finish it; then, after a blank line, the next element (a character cue and dialogue, action, or a scene heading).'
        : 'The script stops after action: go on with the next element (a character cue and dialogue, more action, a transition or a scene heading) after a blank line.';
    default:
      return 'Go on with the next element of the screenplay, after a blank line.';
  }
}

/** The rules every answer in a Fountain document is held to, whatever the style. */
export function fountainRules(characters: readonly string[]): string[] {
  const rules = [
    'Write in Fountain screenplay format, whatever the style: scene headings (INT./EXT.) in capitals on their own line; action in plain paragraphs; a character cue in capitals alone on its line with the dialogue directly on the next line (a parenthetical in brackets on its own line between them); transitions in capitals ending in "TO:"; one blank line between elements and none inside a speech. No Markdown: no bold or italics around headings or names, no # headings, no "NAME:" prefixes, no code fences.',
  ];
  if (characters.length > 0) {
    rules.push(
      `The script's characters, as their cues spell them: ${characters.join(', ')}. Use these exact names for them; a new character may appear when the scene needs one.`,
    );
  }
  return rules;
}

/** "MARRA" for "MARA": a cue name one slip away from exactly one known character is that character. */
export function correctName(name: string, known: readonly string[]): string {
  if (known.includes(name) || name.length < 3) return name;
  const allowed = name.length >= 7 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) tied = true;
  }
  return best !== undefined && bestDistance <= allowed && !tied ? best : name;
}

/** Levenshtein distance with adjacent transpositions ("MRAA" is one slip from "MARA"). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

function isUpperCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** `**X**`, `__X__`, `*X*` around a whole line: the emphasis Markdown puts on headings and names. */
function unwrapEmphasis(text: string): string {
  const wrapped = /^(\*\*\*|\*\*|__|\*|_)(.+)\1$/.exec(text);
  return wrapped ? wrapped[2].trim() : text;
}

/** "mara ( v.o. )" → "MARA (V.O.)", its name corrected to a known character. */
function normaliseCue(cue: string, known: readonly string[]): string {
  const forced = cue.startsWith('@');
  const caret = /\^\s*$/.test(cue);
  const bare = cue.replace(/^@/, '').replace(/\s*\^\s*$/, '');
  const extensions = [...bare.matchAll(/\(([^)]*)\)/g)].map((match) => `(${match[1].trim().replace(/\s+/g, ' ').toUpperCase()})`);
  const name = bare.replace(/\([^)]*\)/g, ' ').trim().replace(/\s+/g, ' ');
  const fixed = correctName(forced ? name : name.toUpperCase(), known);
  return [`${forced ? '@' : ''}${fixed}`, ...extensions, ...(caret ? ['^'] : [])].join(' ');
}

/** "MARA: Hello." and "Mara (V.O.): Hello.": the speaker and the line, when the prefix names a character. */
function speakerPrefix(line: string, known: readonly string[]): { cue: string; speech: string } | undefined {
  const match = /^(?:\*\*|__)?([\p{L}][\p{L}\p{N} .'’-]*?(?:\s*\([^)]*\))?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(\S.*)$/u.exec(line);
  if (!match) return undefined;
  const cue = match[1].trim();
  const name = characterName(cue);
  if (NOT_SPEAKERS.has(name.toUpperCase()) || SCENE_PREFIX.test(cue)) return undefined;
  const knownName = known.some((character) => character === name.toUpperCase());
  if (!knownName && !isUpperCase(name)) return undefined;
  return { cue, speech: match[2].trim() };
}

/** Quotation marks a model may put around a line of dialogue. */
function unquote(speech: string): string {
  const quoted = /^["“](.*)["”]$/.exec(speech);
  return quoted && !/["“”]/.test(quoted[1]) ? quoted[1] : speech;
}

/** The answer's first kind of line decides the seam; the rest of its lines follow Fountain's blank-line rules. */
class FountainLines {
  private buffer = '';
  /** The current line's start has been released (it is plain text streaming on). */
  private streaming = false;
  private previous: LineKind | 'start';
  private wroteAny = false;
  private leadNewlines = 0;
  private pendingBlank = 0;
  firstKind: LineKind | undefined;

  constructor(
    private readonly cursor: FountainCursor,
    private readonly known: readonly string[],
  ) {
    this.previous = startKind(cursor);
  }

  push(delta: string): string {
    this.buffer += delta.replace(/\r\n?/g, '\n');
    let out = '';
    for (let newline = this.buffer.indexOf('\n'); newline !== -1; newline = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (this.streaming) {
        out += line;
        this.streaming = false;
      } else out += this.line(line);
    }
    if (this.buffer === '') return out;
    if (this.streaming) {
      out += this.buffer;
      this.buffer = '';
    } else if (this.wroteAny && isPlainStart(this.buffer)) {
      // Prose with no colon near its start can be nothing but action or dialogue: let it stream.
      out += this.begin(this.plainKind()) + this.buffer;
      this.buffer = '';
      this.streaming = true;
    }
    return out;
  }

  end(): string {
    let out = '';
    if (this.buffer !== '') out += this.streaming ? this.buffer : this.line(this.buffer);
    this.buffer = '';
    this.streaming = false;
    if (this.wroteAny && this.pendingBlank > 0) out += '\n\n';
    return out;
  }

  /** Prose is dialogue under a cue (a blank line the model put there is dropped) or in a speech not yet ended by one. */
  private plainKind(): LineKind {
    if (this.previous === 'cue' || this.previous === 'parenthetical') return 'dialogue';
    return this.previous === 'dialogue' && this.pendingBlank === 0 ? 'dialogue' : 'action';
  }

  /** A complete line of the answer, as the Fountain lines it stands for. */
  private line(raw: string): string {
    let text = raw.trim();
    if (text === '') {
      if (this.wroteAny) this.pendingBlank++;
      else this.leadNewlines++;
      return '';
    }
    if (/^```/.test(text) || /^(?:-{3,}|\*{3,}|_{3,})$/.test(text)) return '';
    if (!this.wroteAny && isPreambleLine(text)) return '';
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) {
      // A Markdown title ("# Scene 1") is not part of the script; a scene heading dressed as one is.
      const inner = unwrapEmphasis(heading[1].trim());
      if (!SCENE_PREFIX.test(inner)) return '';
      text = inner;
    }
    const prefixed = speakerPrefix(text, this.known);
    if (prefixed) {
      const cue = this.emit('cue', normaliseCue(prefixed.cue, this.known));
      const speech = prefixed.speech.replace(/^(\*{1,2}|_{1,2})(\([^)]*\))\1/, '$2');
      const parenthetical = /^(\([^)]*\))\s*(.*)$/.exec(speech);
      if (parenthetical) {
        const spoken = unquote(parenthetical[2].trim());
        return cue + this.emit('parenthetical', parenthetical[1]) + (spoken ? this.emit('dialogue', spoken) : '');
      }
      return cue + this.emit('dialogue', unquote(speech));
    }
    text = unwrapEmphasis(text);
    if (/^\.(?=[^.\s])/.test(text) || SCENE_PREFIX.test(text)) return this.emit('heading', text.startsWith('.') ? text : text.toUpperCase());
    if (isUpperCase(text) && /TO:$/.test(text)) return this.emit('transition', text);
    if (/^\(.*\)$/.test(text) && ['cue', 'parenthetical', 'dialogue'].includes(this.previous)) return this.emit('parenthetical', text);
    if (text.startsWith('@') || (isCharacterCue(text) && !/^>/.test(text))) {
      const cue = normaliseCue(text, this.known);
      // The model repeating the cue the script stops at: its dialogue is what was asked for.
      if (!this.wroteAny && this.cursor.element === 'character' && characterName(cue) === this.cursor.speaker) return '';
      return this.emit('cue', cue);
    }
    if (!this.wroteAny && this.cursor.element === 'scene-heading' && text.toUpperCase() === this.cursor.lastLine.toUpperCase()) return '';
    return this.emit(this.plainKind(), raw.trim());
  }

  /** The separator before a line of `kind`, then the line itself. */
  private emit(kind: LineKind, text: string): string {
    return this.begin(kind) + text;
  }

  private begin(kind: LineKind): string {
    let separator: string;
    if (!this.wroteAny) {
      this.firstKind = kind;
      separator = '\n'.repeat(this.leadNewlines);
    } else if (kind === 'dialogue' || kind === 'parenthetical') {
      separator = '\n';
    } else if (kind === 'action' && this.previous === 'action') {
      separator = this.pendingBlank > 0 ? '\n\n' : '\n';
    } else separator = '\n\n';
    this.previous = kind;
    this.pendingBlank = 0;
    this.wroteAny = true;
    return separator;
  }
}

function startKind(cursor: FountainCursor): LineKind | 'start' {
  if (cursor.place === 'after-blank') return 'start';
  switch (cursor.element) {
    case 'character':
      return 'cue';
    case 'parenthetical':
      return 'parenthetical';
    case 'dialogue':
    case 'lyrics':
      return 'dialogue';
    case 'scene-heading':
      return 'heading';
    case 'transition':
      return 'transition';
    case 'action':
      return 'action';
    default:
      return 'start';
  }
}

/** Whether a line still arriving is plain prose: no marker at its start, lower case, no colon near its start. */
function isPlainStart(partial: string): boolean {
  const text = partial.trimStart();
  if (text === '' || /^[*_#>[(!@.~=`/<-]/.test(text) || !/\p{Ll}/u.test(text)) return false;
  const colon = text.indexOf(':');
  return colon === -1 ? text.length >= PREFIX_WINDOW : colon >= PREFIX_WINDOW;
}

/** The separator between the script and the continuation's first line, by Fountain's rules; undefined: the usual seam. */
function fountainSeam(cursor: FountainCursor, first: LineKind | undefined, lead: number): string | undefined {
  if (cursor.place === 'after-blank' || cursor.element === undefined || first === undefined) return undefined;
  const sameLine = cursor.place === 'in-line';
  const newElement = sameLine ? '\n\n' : '\n';
  const nextLine = sameLine ? '\n' : '';
  const opensElement = first === 'cue' || first === 'heading' || first === 'transition';
  switch (cursor.element) {
    case 'character':
    case 'parenthetical':
      return opensElement ? newElement : nextLine;
    case 'dialogue':
    case 'lyrics':
      if (opensElement || (first === 'action' && lead >= 2)) return newElement;
      if (first === 'parenthetical') return nextLine;
      return sameLine && lead === 0 ? undefined : nextLine;
    case 'action':
      return opensElement ? newElement : undefined;
    default:
      return newElement;
  }
}

/**
 * The streaming continuation of a Fountain script: the model's lines made Fountain (see FountainLines),
 * then the usual cleaning and seam (seams.ts), then the seam with the script set by the element at the
 * cursor. `known` are the script's characters.
 */
export function createFountainContinuation(before: string, after: string, known: readonly string[]): ContinuationFilter {
  const cursor = fountainCursor(before);
  const lines = new FountainLines(cursor, known);
  const inner = createContinuationFilter(before, after);
  const crlf = before.includes('\r\n');
  let seamed = false;
  let lead = 0;
  let leadCounted = false;
  const fit = (text: string): string => {
    if (seamed || text === '') return text;
    const content = text.replace(/^[ \t\r\n]+/, '');
    if (content === '') return '';
    seamed = true;
    const seam = fountainSeam(cursor, lines.firstKind, lead);
    if (seam === undefined) return text;
    return (crlf ? seam.replace(/\n/g, '\r\n') : seam) + content;
  };
  const count = (raw: string) => {
    if (leadCounted) return;
    const head = /^\s*/.exec(raw)![0];
    lead += (head.match(/\n/g) ?? []).length;
    if (head.length < raw.length) leadCounted = true;
  };
  return {
    push: (delta) => {
      count(delta);
      return fit(inner.push(lines.push(delta)));
    },
    end: () => {
      const rest = lines.end();
      return fit(inner.push(rest) + inner.end());
    },
  };
}

/** A complete answer (a rewrite of part of a script) made Fountain, read as following `before`. */
export function toFountain(answer: string, before: string, known: readonly string[]): string {
  const lines = new FountainLines(fountainCursor(before), known);
  return (lines.push(answer) + lines.end()).replace(/^\n+/, '').replace(/\s+$/, '');
}

const ELEMENT_NAMES: Partial<Record<FountainElementType, string>> = {
  'scene-heading': 'a scene heading',
  action: 'action',
  character: 'a character cue',
  parenthetical: 'a parenthetical',
  transition: 'a transition',
  lyrics: 'lyrics',
  centered: 'centered text',
};

/** The elements of the passage `start`…`end` in order, as the model is told them: "MARA's dialogue, action". */
function describePassage(text: string, start: number, end: number): string {
  const from = Math.max(0, text.lastIndexOf('\n\n', Math.max(0, start - TAIL_CHARS)));
  const names: string[] = [];
  // The speaker of dialogue may be named by a cue above the passage.
  let speaker = 'a character';
  for (const element of parseFountain(text.slice(from, end)).elements) {
    if (element.type === 'character') speaker = element.name ?? speaker;
    if (element.end + from <= start) continue;
    const name = element.type === 'dialogue' ? `${speaker}'s dialogue` : ELEMENT_NAMES[element.type];
    if (name && names[names.length - 1] !== name) names.push(name);
  }
  return names.join(', ');
}

/** What a Fountain script asks of a prompt for `action`, with the cursor or selection at `start`…`end`. */
export function fountainPromptForm(action: Action, text: string, start: number, end: number, characters: readonly string[]): PromptForm {
  const rules = fountainRules(characters);
  switch (action) {
    case 'continue':
      return { rules, whereItStops: whatMayFollow(fountainCursor(text.slice(0, start))) };
    case 'rewrite': {
      const passage = describePassage(text, start, end);
      rules.push(
        `The passage is part of the screenplay${passage ? ` (in order: ${passage})` : ''}. Keep every element what it is: each cue the same character's, in the same order; dialogue stays the words of the character who speaks it; action stays action; keep the line breaks between elements.`,
      );
      return { rules };
    }
    case 'brainstorm':
      return {
        rules: [
          'The manuscript is a screenplay: ideas are what can be seen and heard on screen, and every idea for a line of dialogue gives its speaker first, as the name in capitals and a colon ("MARA: Not tonight.").',
          ...rules.slice(1),
        ],
      };
  }
}

/**
 * A rewrite of part of a script made Fountain where the passage stands: a cue the model repeats
 * above dialogue it was given alone is dropped, and a passage of one speech stays one speech.
 */
export function fitFountainRewrite(answer: string, passage: string, before: string, known: readonly string[]): string {
  const fitted = toFountain(answer, before, known);
  const elements = parseFountain(`${before}${passage}`).elements.filter((element) => element.end > before.length);
  const oneSpeech = elements.length > 0 && elements.every((element) => element.type === 'dialogue' || element.type === 'parenthetical');
  return oneSpeech ? fitted.replace(/\n[ \t]*\n+/g, '\n') : fitted;
}
