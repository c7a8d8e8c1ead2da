import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanIdea, createIdeaParser, parseIdeas } from '../../src/core/ideas';

const captains = ['Mara Vance', 'Tobias Crane', 'Ilse Marrow'];

describe('parseIdeas: list shapes', () => {
  const shapes: Record<string, string> = {
    'numbered with dots': '1. Mara Vance\n2. Tobias Crane\n3. Ilse Marrow',
    'numbered with brackets': '1) Mara Vance\n2) Tobias Crane\n3) Ilse Marrow',
    'numbers in parentheses': '(1) Mara Vance\n(2) Tobias Crane\n(3) Ilse Marrow',
    'dash bullets': '- Mara Vance\n- Tobias Crane\n- Ilse Marrow',
    'star bullets': '* Mara Vance\n* Tobias Crane\n* Ilse Marrow',
    'round bullets': '• Mara Vance\n• Tobias Crane\n• Ilse Marrow',
    'middle dots': '· Mara Vance\n· Tobias Crane\n· Ilse Marrow',
    'bold items': '1. **Mara Vance**\n2. **Tobias Crane**\n3. **Ilse Marrow**',
    'quoted items': '1. "Mara Vance"\n2. “Tobias Crane”\n3. \'Ilse Marrow\'',
    'one per line': 'Mara Vance\nTobias Crane\nIlse Marrow',
    'one per paragraph': 'Mara Vance\n\nTobias Crane\n\nIlse Marrow\n',
    'CRLF line ends': '1. Mara Vance\r\n2. Tobias Crane\r\n3. Ilse Marrow\r\n',
    'inside a code fence': '```\n1. Mara Vance\n2. Tobias Crane\n3. Ilse Marrow\n```',
    'indented list': '  1. Mara Vance\n  2. Tobias Crane\n  3. Ilse Marrow',
    'markdown headings': '### 1. Mara Vance\n### 2. Tobias Crane\n### 3. Ilse Marrow',
  };
  for (const [shape, text] of Object.entries(shapes)) {
    test(shape, () => assert.deepEqual(parseIdeas(text), captains));
  }

  test('Chinese numbering: 1、 一、 ① （1） and full-width digits', () => {
    const names = ['林海潮', '白若霜', '铁面老周'];
    assert.deepEqual(parseIdeas('1、林海潮\n2、白若霜\n3、铁面老周'), names);
    assert.deepEqual(parseIdeas('一、林海潮\n二、白若霜\n三、铁面老周'), names);
    assert.deepEqual(parseIdeas('①林海潮\n②白若霜\n③铁面老周'), names);
    assert.deepEqual(parseIdeas('（1）林海潮\n（2）白若霜\n（3）铁面老周'), names);
    assert.deepEqual(parseIdeas('１．林海潮\n２．白若霜\n３．铁面老周'), names);
    assert.deepEqual(parseIdeas('1）林海潮\n2）白若霜\n3）铁面老周'), names);
    assert.deepEqual(parseIdeas('1. 「林海潮」；\n2. 「白若霜」；\n3. 「铁面老周」'), names);
  });

  test('bold titles keep their description and lose only the markup', () => {
    const text =
      '1. **The Salt Widow** — a captain who buried three husbands at sea\n' +
      '2. **Crane:** smuggles letters, never cargo\n' +
      '3. **“Old Tobias”**';
    assert.deepEqual(parseIdeas(text), [
      'The Salt Widow — a captain who buried three husbands at sea',
      'Crane: smuggles letters, never cargo',
      'Old Tobias',
    ]);
  });

  test('Chinese bold titles with a full-width colon', () => {
    assert.deepEqual(parseIdeas('1. **盐寡妇**：三任丈夫都葬身海上\n2. **白鹤**：只运信件，从不运货'), [
      '盐寡妇：三任丈夫都葬身海上',
      '白鹤：只运信件，从不运货',
    ]);
  });

  test('a preamble and a closing offer are not ideas', () => {
    const text = 'Here are three names for a smuggler captain:\n\n1. Mara Vance\n2. Tobias Crane\n3. Ilse Marrow\n\nLet me know if you want more!';
    assert.deepEqual(parseIdeas(text), captains);
    assert.deepEqual(parseIdeas('以下是三个名字：\n1、林海潮\n2、白若霜\n\n希望对你有帮助！'), ['林海潮', '白若霜']);
    assert.deepEqual(parseIdeas('Sure! Some options\n\n- Mara Vance\n- Tobias Crane'), ['Mara Vance', 'Tobias Crane']);
    assert.deepEqual(parseIdeas('Here are a few:\nMara Vance\nTobias Crane'), ['Mara Vance', 'Tobias Crane']);
  });

  test('a description on the next line, or indented under the item, belongs to it', () => {
    const text = '1. The wedding cake collapses\n   The baker was paid to make it fail.\n2. The groom\'s brother objects\n\n   He loves the bride.\n3. A storm';
    assert.deepEqual(parseIdeas(text), [
      'The wedding cake collapses\nThe baker was paid to make it fail.',
      "The groom's brother objects\nHe loves the bride.",
      'A storm',
    ]);
  });

  test('sub-bullets stay with their idea, a bold heading over a list is dropped', () => {
    const text = '**Villains:**\n1. Mara Vance\n   - ruthless\n   - owes money\n2. Tobias Crane';
    assert.deepEqual(parseIdeas(text), ['Mara Vance\nruthless\nowes money', 'Tobias Crane']);
  });

  test('bold titles with paragraphs below them', () => {
    const text = '**The Salt Widow**\nA captain who buried three husbands.\n\n**Crane**\nSmuggles letters.';
    assert.deepEqual(parseIdeas(text), ['The Salt Widow\nA captain who buried three husbands.', 'Crane\nSmuggles letters.']);
  });

  test('multi-line paragraphs are one idea each when paragraphs are separated', () => {
    const text = 'The bride never arrives.\n\nThe priest recognises the groom\nfrom a wanted poster.\n\nRain.';
    assert.deepEqual(parseIdeas(text), ['The bride never arrives.', 'The priest recognises the groom\nfrom a wanted poster.', 'Rain.']);
  });

  test('numbers and dashes inside the text are not markers', () => {
    assert.deepEqual(parseIdeas('- 1920s Shanghai\n- 3.5 million in gold\n- A well-kept secret'), [
      '1920s Shanghai',
      '3.5 million in gold',
      'A well-kept secret',
    ]);
    assert.deepEqual(parseIdeas('1. **Mara** and **Tobias** meet'), ['Mara and **Tobias** meet']);
  });

  test('a single idea, and an empty answer', () => {
    assert.deepEqual(parseIdeas('"The Salt Road"'), ['The Salt Road']);
    assert.deepEqual(parseIdeas(''), []);
    assert.deepEqual(parseIdeas('\n\n'), []);
  });

  test('Chinese dialogue in corner quotes and emoji survive intact', () => {
    assert.deepEqual(parseIdeas('1. 「你早就知道，对吧？」\n2. 「船不等人。」🌊'), ['你早就知道，对吧？', '「船不等人。」🌊']);
  });
});

describe('cleanIdea', () => {
  test('strips wrapping bold and quotes, trailing list punctuation, and trims', () => {
    assert.equal(cleanIdea('  **Mara Vance**  '), 'Mara Vance');
    assert.equal(cleanIdea('__Mara__'), 'Mara');
    assert.equal(cleanIdea('*Mara*'), 'Mara');
    assert.equal(cleanIdea('"**Mara**"'), 'Mara');
    assert.equal(cleanIdea('『白若霜』，'), '白若霜');
    assert.equal(cleanIdea('Mara;'), 'Mara');
  });
  test('keeps quotes that do not wrap the whole idea', () => {
    assert.equal(cleanIdea('"Run," she said, "now."'), '"Run," she said, "now."');
    assert.equal(cleanIdea('《星河》'), '《星河》');
  });
});

describe('createIdeaParser: streaming', () => {
  const answer = 'Here are three:\n\n1. **Mara Vance** — cold\n2. Tobias Crane\n   lost an eye\n3. 林海潮\n\nWant more?';

  test('every way of cutting the answer into pieces gives the same ideas', () => {
    const expected = parseIdeas(answer);
    assert.deepEqual(expected, ['Mara Vance — cold', 'Tobias Crane\nlost an eye', '林海潮']);
    for (let size = 1; size <= 7; size++) {
      const parser = createIdeaParser();
      const ideas: string[] = [];
      for (let at = 0; at < answer.length; at += size) ideas.push(...parser.push(answer.slice(at, at + size)));
      ideas.push(...parser.end());
      assert.deepEqual(ideas, expected, `pieces of ${size}`);
    }
  });

  test('an idea is reported as soon as the next one starts, the last one at the end', () => {
    const parser = createIdeaParser();
    assert.deepEqual(parser.push('1. Mara Va'), []);
    assert.deepEqual(parser.push('nce\n'), []);
    assert.deepEqual(parser.push('2. Tob'), ['Mara Vance']);
    assert.deepEqual(parser.push('ias Crane\n3. Ilse'), ['Tobias Crane']);
    assert.deepEqual(parser.push(' Marrow'), []);
    assert.deepEqual(parser.end(), ['Ilse Marrow']);
  });

  test('one idea per line is reported line by line once the shape is clear', () => {
    const parser = createIdeaParser();
    assert.deepEqual(parser.push('Mara Vance\n'), []);
    assert.deepEqual(parser.push('Tobias Crane\n'), ['Mara Vance', 'Tobias Crane']);
    assert.deepEqual(parser.push('Ilse Marrow\n'), ['Ilse Marrow']);
    assert.deepEqual(parser.end(), []);
  });

  test('one idea per paragraph is reported when the next paragraph begins', () => {
    const parser = createIdeaParser();
    assert.deepEqual(parser.push('The bride never arrives.\n\n'), []);
    assert.deepEqual(parser.push('The priest'), []);
    assert.deepEqual(parser.push(' knows him.\n\nRain'), ['The bride never arrives.']);
    assert.deepEqual(parser.end(), ['The priest knows him.', 'Rain']);
  });
});

test('an idea that never ends its line arrives whole at the end', () => {
  const idea = 'A keeper who counts the boats and never the people, '.repeat(2000).trim();
  const parser = createIdeaParser();
  const early: string[] = [];
  for (let at = 0; at < idea.length + 3; at += 4) early.push(...parser.push(`1. ${idea}`.slice(at, at + 4)));
  assert.deepEqual([...early, ...parser.end()], [idea.replace(/,$/, '')]);
});

test('the last card never holds the assistant’s closing note', () => {
  for (const answer of [
    '1. Agnes Pell\n2. Davy Rook\n\nNote: I kept these close to your synopsis.',
    'Agnes Pell\nDavy Rook\n\n---\n\nI hope this works for you!',
    '- Agnes Pell\n- Davy Rook\nI hope these help!',
    '1. Agnes Pell\n2. Davy Rook\n   Let me know if you want more.',
    'Agnes Pell\n\nDavy Rook\n\nI’ve kept these names close to the era of your story.',
  ]) {
    assert.deepEqual(parseIdeas(answer), ['Agnes Pell', 'Davy Rook'], answer);
  }
  assert.deepEqual(parseIdeas('1. 渡船\n2. 灯塔\n\n希望这些对你有帮助！'), ['渡船', '灯塔']);
});
