// The manuscript's language, from its dominant script: the prompt asks the model to answer in it,
// and seams use it to decide spacing. Within the Latin script a few very common words tell the
// major European languages apart; anything else Latin is reported as English.

/** Only this much of the text is looked at; the caller passes the context window, not the book. */
const SAMPLE_CHARS = 20_000;

const SCRIPT_RUNS =
  /(\p{Script=Han}+)|([\p{Script=Hiragana}\p{Script=Katakana}]+)|(\p{Script=Hangul}+)|(\p{Script=Latin}+)|(\p{Script=Cyrillic}+)|(\p{Script=Arabic}+)|(\p{Script=Hebrew}+)|(\p{Script=Greek}+)|(\p{Script=Devanagari}+)|(\p{Script=Thai}+)/gu;

/** Tags in the order of SCRIPT_RUNS' groups after Han and kana. */
const WORD_SCRIPTS = ['ko', 'latin', 'ru', 'ar', 'he', 'el', 'hi', 'th'] as const;

const LATIN_MARKERS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['en', new Set(['the', 'and', 'of', 'to', 'was', 'he', 'she', 'it', 'that', 'with', 'her', 'his', 'you', 'is'])],
  ['fr', new Set(['le', 'la', 'les', 'et', 'des', 'une', 'est', 'dans', 'qui', 'pas', 'elle', 'il', 'du', 'avait'])],
  ['es', new Set(['el', 'los', 'las', 'y', 'que', 'una', 'por', 'con', 'del', 'se', 'su', 'era', 'pero', 'como'])],
  ['de', new Set(['der', 'die', 'das', 'und', 'nicht', 'ist', 'ich', 'sie', 'er', 'mit', 'den', 'ein', 'eine', 'war'])],
  ['it', new Set(['il', 'che', 'di', 'non', 'un', 'una', 'gli', 'della', 'era', 'per', 'sono', 'lei', 'lui', 'ma'])],
  ['pt', new Set(['o', 'os', 'que', 'não', 'uma', 'um', 'com', 'do', 'da', 'ele', 'ela', 'mas', 'por', 'era'])],
];

/**
 * The dominant language of `text` as a short tag: 'zh', 'ja', 'ko', 'en' (or 'fr', 'es', 'de',
 * 'it', 'pt' when their common words dominate a Latin text), 'ru' (Cyrillic), 'ar', 'he', 'el',
 * 'hi' (Devanagari), 'th'; 'und' when the text has no letters at all.
 */
export function dominantLanguage(text: string): string {
  const sample = text.length > SAMPLE_CHARS ? text.slice(text.length - SAMPLE_CHARS) : text;
  // Weights approximate "words": a Han or kana character carries about as much as a Latin word.
  let han = 0;
  let kana = 0;
  const words = new Map<string, number>();
  const latinWords: string[] = [];
  SCRIPT_RUNS.lastIndex = 0;
  for (let match = SCRIPT_RUNS.exec(sample); match !== null; match = SCRIPT_RUNS.exec(sample)) {
    if (match[1]) han += match[1].length;
    else if (match[2]) kana += match[2].length;
    else {
      const group = match.findIndex((value, index) => index >= 3 && value !== undefined);
      const script = WORD_SCRIPTS[group - 3];
      words.set(script, (words.get(script) ?? 0) + 1);
      if (script === 'latin' && latinWords.length < 2000) latinWords.push(match[0].toLowerCase());
    }
  }
  let best = 'und';
  let bestWeight = 0;
  const ideographic = han + kana;
  if (ideographic > 0) {
    // Japanese writes kanji and kana together; Chinese never uses kana.
    best = kana >= ideographic * 0.1 ? 'ja' : 'zh';
    bestWeight = ideographic * 0.8;
  }
  for (const [script, weight] of words) {
    if (weight > bestWeight) {
      best = script;
      bestWeight = weight;
    }
  }
  return best === 'latin' ? latinLanguage(latinWords) : best;
}

function latinLanguage(words: readonly string[]): string {
  let best = 'en';
  let bestHits = 0;
  for (const [tag, markers] of LATIN_MARKERS) {
    let hits = 0;
    for (const word of words) if (markers.has(word)) hits++;
    if (hits > bestHits) {
      best = tag;
      bestHits = hits;
    }
  }
  return best;
}

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  zh: 'Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  it: 'Italian',
  pt: 'Portuguese',
  he: 'Hebrew',
  el: 'Greek',
  th: 'Thai',
};

/** Scripts shared by several languages: the prompt names the script, not a guess at the language. */
const SCRIPT_NAMES: Readonly<Record<string, string>> = {
  ru: 'Cyrillic script',
  ar: 'Arabic script',
  hi: 'Devanagari',
};

/** The English name of a language tag from dominantLanguage, when the tag names one language. */
export function languageName(tag: string): string | undefined {
  return LANGUAGE_NAMES[tag];
}

/** The prompt's rule on the language to write in, for a tag from dominantLanguage. */
export function languageRule(tag: string): string {
  const name = LANGUAGE_NAMES[tag];
  if (tag === 'zh') {
    return 'Write in Chinese, the language of the manuscript, in the same script (simplified or traditional) and with the same full-width punctuation it uses.';
  }
  if (name) return `Write in ${name}, the language of the manuscript.`;
  const script = SCRIPT_NAMES[tag];
  if (script) return `Write in the language of the manuscript (it is written in ${script}).`;
  return 'Write in the language of the manuscript.';
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Whether `char` belongs to writing that puts no spaces between words: Chinese, Japanese, Thai,
 * and CJK punctuation and full-width forms. (Korean spaces its words, so Hangul is not one.)
 */
export function isWrittenWithoutSpaces(char: string): boolean {
  return UNSPACED.test(char);
}
