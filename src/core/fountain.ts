// Fountain, the plain-text screenplay format (fountain.io): a parser that tells each line's element,
// for the outline, for knowing what may follow the cursor, and for checking that what the model
// wrote reads back as a screenplay.

export type FountainElementType =
  | 'scene-heading'
  | 'action'
  | 'character'
  | 'parenthetical'
  | 'dialogue'
  | 'lyrics'
  | 'transition'
  | 'centered'
  | 'section'
  | 'synopsis'
  | 'note'
  | 'page-break';

export interface FountainElement {
  type: FountainElementType;
  /** The element's text without its Fountain markers (a forced element's `.`, `@`, `!`…). */
  text: string;
  /** UTF-16 offsets of the element's lines in the source (end at the end of its last line). */
  start: number;
  end: number;
  /** 0-based line of its first line. */
  line: number;
  /** Written with a forcing marker. */
  forced?: boolean;
  /** Character: the name without extensions or the dual-dialogue caret ("MARA" of "MARA (V.O.) ^"). */
  name?: string;
  /** Character: the second speaker of dual dialogue (`^`). */
  dual?: boolean;
  /** Section: its depth (number of `#`). */
  depth?: number;
  /** Scene heading: the scene number written as `#12A#`. */
  sceneNumber?: string;
}

export interface TitlePageEntry {
  key: string;
  value: string;
}

export interface FountainScript {
  titlePage: TitlePageEntry[];
  elements: FountainElement[];
}

const SCENE_PREFIX = /^(?:int|ext|est|int\.?\/ext|i\/e)[. ]/i;
const SCENE_NUMBER = /\s*#([\w.-]+)#\s*$/;
const TITLE_KEY = /^([A-Za-z][A-Za-z0-9 _-]*):(.*)$/;
const CHARACTER_EXTENSION = /\s*\([^)]*\)/g;

interface Line {
  /** The line as it reads for classification: boneyard and inline notes blanked out. */
  text: string;
  raw: string;
  start: number;
  end: number;
}

/** Parses a whole Fountain document (CRLF or LF). */
export function parseFountain(source: string): FountainScript {
  const lines = splitLines(source);
  const { entries, next } = readTitlePage(lines);
  return { titlePage: entries, elements: readBody(lines, next) };
}

function splitLines(source: string): Line[] {
  const masked = maskBoneyard(source);
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 ? source.length : newline;
    const contentEnd = end > start && source[end - 1] === '\r' ? end - 1 : end;
    lines.push({ text: masked.slice(start, contentEnd).replaceAll(BONEYARD_MASK, ''), raw: source.slice(start, contentEnd), start, end: contentEnd });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

const BONEYARD_MASK = '\u0000';

/** Boneyard (`/* … *\/`) is not part of the script: masked out, its line breaks kept so lines stay where they are. */
function maskBoneyard(source: string): string {
  return source.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, (cut) => cut.replace(/[^\r\n]/g, BONEYARD_MASK));
}

function isBlank(line: Line | undefined): boolean {
  return line === undefined || line.text.trim() === '';
}

function readTitlePage(lines: Line[]): { entries: TitlePageEntry[]; next: number } {
  const first = lines[0]?.text.replace(/^\uFEFF/, '') ?? '';
  const key = TITLE_KEY.exec(first);
  // "CUT TO:" opening a script is a transition, not a title page key.
  if (!key || /^[A-Z\s]+TO$/.test(key[1])) return { entries: [], next: 0 };
  const entries: TitlePageEntry[] = [];
  let index = 0;
  for (; index < lines.length && !isBlank(lines[index]); index++) {
    const text = lines[index].text.replace(/^\uFEFF/, '');
    const entry = /^\s/.test(text) ? undefined : TITLE_KEY.exec(text);
    if (entry) entries.push({ key: entry[1].trim(), value: entry[2].trim() });
    else if (entries.length > 0) {
      const last = entries[entries.length - 1];
      last.value = last.value ? `${last.value}\n${text.trim()}` : text.trim();
    }
  }
  return { entries, next: index };
}

function readBody(lines: Line[], from: number): FountainElement[] {
  const elements: FountainElement[] = [];
  /** The element that a following non-blank line continues: dialogue after a cue, action after action. */
  let open: FountainElement | undefined;
  const push = (element: FountainElement) => {
    elements.push(element);
    open = element;
  };

  for (let index = from; index < lines.length; index++) {
    const line = lines[index];
    // Two spaces alone keep a dialogue going across an empty-looking line.
    if (isBlank(line) && !(open && isSpeech(open) && line.raw === '  ')) {
      open = undefined;
      continue;
    }
    // Inline notes do not decide what a line is ("MARA [[older?]]" is still a cue).
    const trimmed = line.text.replace(/\[\[[\s\S]*?\]\]/g, '').trim();
    const text = line.text.trim();
    const at = { start: line.start, end: line.end, line: index };

    if (/^\s*\[\[[\s\S]*\]\]\s*$/.test(line.text) && trimmed === '') {
      push({ type: 'note', text: line.text.trim().slice(2, -2).trim(), ...at });
      open = undefined;
      continue;
    }
    if (/^\s*\[\[/.test(line.text) && !line.text.includes(']]')) {
      // A note over several lines: to its closing brackets.
      let last = index;
      while (last + 1 < lines.length && !lines[last].text.includes(']]')) last++;
      const body = lines
        .slice(index, last + 1)
        .map((part) => part.text)
        .join('\n');
      push({ type: 'note', text: body.trim().replace(/^\[\[/, '').replace(/\]\]$/, '').trim(), ...at, end: lines[last].end });
      open = undefined;
      index = last;
      continue;
    }
    if (trimmed === '') continue;

    if (open && isSpeech(open)) {
      const type = /^\(.*\)$/.test(trimmed) ? 'parenthetical' : trimmed.startsWith('~') ? 'lyrics' : 'dialogue';
      if (type === 'dialogue' && open.type === 'dialogue') extend(open, line, text);
      else push({ type, text: type === 'lyrics' ? text.slice(1).trim() : text, ...at });
      continue;
    }
    const before = index === from || isBlank(lines[index - 1]);
    const after = isBlank(lines[index + 1]);
    const element = classify(trimmed, before, after, at);
    if (element.type === 'action') element.text = element.forced ? text.slice(1) : text;
    if (element.type === 'action' && open?.type === 'action') {
      extend(open, line, text);
      continue;
    }
    if (element.dual) {
      // The caret marks the second speaker; the cue before it speaks at the same time.
      const first = [...elements].reverse().find((previous) => previous.type === 'character');
      if (first) first.dual = true;
    }
    push(element);
    if (!['action', 'character'].includes(element.type)) open = undefined;
  }
  return elements;
}

function isSpeech(element: FountainElement): boolean {
  return element.type === 'character' || element.type === 'parenthetical' || element.type === 'dialogue' || element.type === 'lyrics';
}

function extend(element: FountainElement, line: Line, text: string): void {
  element.text += `\n${text}`;
  element.end = line.end;
}

function classify(
  trimmed: string,
  blankBefore: boolean,
  blankAfter: boolean,
  at: { start: number; end: number; line: number },
): FountainElement {
  if (/^={3,}$/.test(trimmed)) return { type: 'page-break', text: '', ...at };
  const section = /^(#+)\s*(.*)$/.exec(trimmed);
  if (section) return { type: 'section', text: section[2].trim(), depth: section[1].length, ...at };
  if (/^=(?!=)/.test(trimmed)) return { type: 'synopsis', text: trimmed.slice(1).trim(), ...at };
  if (trimmed.startsWith('~')) return { type: 'lyrics', text: trimmed.slice(1).trim(), forced: true, ...at };
  if (trimmed.startsWith('!')) return { type: 'action', text: trimmed.slice(1), forced: true, ...at };
  if (/^\.[^.]/.test(trimmed)) return sceneHeading(trimmed.slice(1), true, at);
  if (/^>.*<$/.test(trimmed)) return { type: 'centered', text: trimmed.slice(1, -1).trim(), ...at };
  if (trimmed.startsWith('>')) return { type: 'transition', text: trimmed.slice(1).trim(), forced: true, ...at };
  if (trimmed.startsWith('@') && !blankAfter) return character(trimmed.slice(1), true, at);
  if (blankBefore && blankAfter && SCENE_PREFIX.test(trimmed)) return sceneHeading(trimmed, false, at);
  if (blankBefore && blankAfter && isUpperCase(trimmed) && /TO:$/.test(trimmed)) return { type: 'transition', text: trimmed, ...at };
  if (blankBefore && !blankAfter && isCharacterCue(trimmed)) return character(trimmed, false, at);
  return { type: 'action', text: trimmed, ...at };
}

function sceneHeading(text: string, forced: boolean, at: { start: number; end: number; line: number }): FountainElement {
  const number = SCENE_NUMBER.exec(text);
  const element: FountainElement = { type: 'scene-heading', text: (number ? text.slice(0, number.index) : text).trim(), ...at };
  if (forced) element.forced = true;
  if (number) element.sceneNumber = number[1];
  return element;
}

function character(text: string, forced: boolean, at: { start: number; end: number; line: number }): FountainElement {
  const dual = /\^\s*$/.test(text);
  const cue = text.replace(/\s*\^\s*$/, '').trim();
  const element: FountainElement = { type: 'character', text: cue, name: characterName(cue), ...at };
  if (forced) element.forced = true;
  if (dual) element.dual = true;
  return element;
}

/** "MARA (V.O.)" → "MARA": the name a cue gives, without extensions, caret or forcing `@`. */
export function characterName(cue: string): string {
  return cue.replace(/^@/, '').replace(/\s*\^\s*$/, '').replace(CHARACTER_EXTENSION, '').trim();
}

function isUpperCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** A line that is a character cue when a blank line is before it and its dialogue after it. */
export function isCharacterCue(line: string): boolean {
  const trimmed = line.trim().replace(/\s*\^$/, '');
  const name = trimmed.replace(CHARACTER_EXTENSION, '').trim();
  // Extensions may be lower case ("MARA (cont'd)"); the name itself must be capitals.
  return name !== '' && isUpperCase(name) && !/[.!?:]$/.test(name) && !SCENE_PREFIX.test(name);
}

/** The characters who speak in the script, by their cue names, most frequent first. */
export function scriptCharacters(script: FountainScript): string[] {
  const counts = new Map<string, number>();
  for (const element of script.elements) {
    if (element.type === 'character' && element.name) counts.set(element.name, (counts.get(element.name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}

export interface OutlineEntry {
  kind: 'section' | 'scene';
  name: string;
  /** A scene: its number if written, and who speaks in it. */
  detail: string;
  /** The whole of it, to where the next entry of its level or above begins. */
  start: number;
  end: number;
  /** Its heading line. */
  headingStart: number;
  headingEnd: number;
  children: OutlineEntry[];
}

/** Sections (nested by depth) and scenes, as an outline of the script: `length` is the document's. */
export function fountainOutline(script: FountainScript, length: number): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  /** Open sections, outermost first, with their depth. */
  const sections: Array<{ entry: OutlineEntry; depth: number }> = [];
  let scene: OutlineEntry | undefined;
  let speakers = new Set<string>();
  let lastEnd = 0;

  const closeScene = () => {
    if (!scene) return;
    scene.end = lastEnd;
    const number = scene.detail;
    scene.detail = [number ? `#${number}` : '', [...speakers].join(', ')].filter(Boolean).join(' · ');
    scene = undefined;
  };
  const closeSections = (depth: number) => {
    while (sections.length > 0 && sections[sections.length - 1].depth >= depth) sections.pop()!.entry.end = lastEnd;
  };
  const add = (entry: OutlineEntry) => (sections.length > 0 ? sections[sections.length - 1].entry.children : roots).push(entry);

  for (const element of script.elements) {
    if (element.type === 'section') {
      closeScene();
      closeSections(element.depth ?? 1);
      const entry = outlineEntry('section', element);
      add(entry);
      sections.push({ entry, depth: element.depth ?? 1 });
    } else if (element.type === 'scene-heading') {
      closeScene();
      scene = outlineEntry('scene', element);
      scene.detail = element.sceneNumber ?? '';
      speakers = new Set();
      add(scene);
    } else if (element.type === 'character' && element.name) {
      speakers.add(element.name);
    }
    lastEnd = element.end;
  }
  lastEnd = Math.max(lastEnd, length);
  closeScene();
  closeSections(0);
  return roots;
}

function outlineEntry(kind: OutlineEntry['kind'], element: FountainElement): OutlineEntry {
  return {
    kind,
    name: element.text || (kind === 'scene' ? 'Scene' : 'Section'),
    detail: '',
    start: element.start,
    end: element.end,
    headingStart: element.start,
    headingEnd: element.end,
    children: [],
  };
}
