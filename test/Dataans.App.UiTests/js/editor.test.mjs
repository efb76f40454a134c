// Tests of the note editor's text transforms (src/Dataans.App/wwwroot/js/editor.js), run by node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const editor = await import(pathToFileURL(process.env.DATAANS_EDITOR_JS).href);
const at = (text, start, end = start) => ({ text, start, end });

test('Ctrl+B, Ctrl+I and Ctrl+Shift+M wrap the selection and keep it selected', () => {
  assert.deepEqual(editor.applyKey(at('a word b', 2, 6), { key: 'b', ctrl: true }), at('a **word** b', 4, 8));
  assert.deepEqual(editor.applyKey(at('word', 0, 4), { key: 'i', ctrl: true }), at('_word_', 1, 5));
  assert.deepEqual(editor.applyKey(at('x', 0, 1), { key: 'M', ctrl: true, shift: true }), at('`x`', 1, 2));
});

test('Ctrl+K makes a link and selects "url"', () => {
  const result = editor.applyKey(at('see docs', 4, 8), { key: 'k', ctrl: true });
  assert.equal(result.text, 'see [docs](url)');
  assert.equal(result.text.slice(result.start, result.end), 'url');
});

test('Ctrl+Shift+Q quotes every touched line', () => {
  assert.deepEqual(editor.applyKey(at('one\ntwo\nthree', 1, 5), { key: 'Q', ctrl: true, shift: true }), at('> one\n> two\nthree', 3, 9));
});

test('Tab indents and Shift+Tab outdents the touched lines by two spaces', () => {
  assert.deepEqual(editor.applyKey(at('a\nb', 0, 3), { key: 'Tab' }), at('  a\n  b', 2, 7));
  assert.deepEqual(editor.applyKey(at('    a\n b', 4, 8), { key: 'Tab', shift: true }), at('  a\nb', 2, 5));
  assert.deepEqual(editor.applyKey(at('a', 1), { key: 'Tab' }), at('  a', 3));
});

test('Shift+Enter continues bullets with their indentation', () => {
  assert.deepEqual(editor.applyKey(at('  - item', 8), { key: 'Enter', shift: true }), at('  - item\n  - ', 13));
  assert.deepEqual(editor.applyKey(at('* a', 3), { key: 'Enter', shift: true }), at('* a\n* ', 6));
  assert.deepEqual(editor.applyKey(at('    plain', 9), { key: 'Enter', shift: true }), at('    plain\n    ', 14));
});

test('Shift+Enter after "N. " numbers the new item and renumbers the ones below', () => {
  const result = editor.applyKey(at('1. a\n2. b\n3. c\n\n1. other', 4), { key: 'Enter', shift: true });
  assert.equal(result.text, '1. a\n2. \n3. b\n4. c\n\n1. other');
  assert.equal(result.start, 8);
});

test('a third backtick opens and closes a code fence', () => {
  assert.deepEqual(editor.applyKey(at('  ``', 4), { key: '`' }), at('  ```\n  ```', 5));
  assert.deepEqual(editor.applyKey(at('``code', 2, 6), { key: '`' }), at('```code\n```', 3, 7));
  assert.equal(editor.applyKey(at('`', 1), { key: '`' }), null);
});

test('other keys are left to the browser', () => {
  assert.equal(editor.applyKey(at('a', 1), { key: 'a' }), null);
  assert.equal(editor.applyKey(at('a', 1), { key: 'Enter' }), null);
  assert.equal(editor.applyKey(at('a', 1), { key: 'b', ctrl: true, alt: true }), null);
});

test('Shift+Enter continues a task list with an unticked task', () => {
  assert.deepEqual(editor.applyKey(at('- [x] done', 10), { key: 'Enter', shift: true }), at('- [x] done\n- [ ] ', 17));
  assert.deepEqual(editor.applyKey(at('  * [ ] a', 9), { key: 'Enter', shift: true }), at('  * [ ] a\n  * [ ] ', 18));
});

test('Shift+Enter on an empty list item ends the list', () => {
  assert.deepEqual(editor.applyKey(at('- one\n- ', 8), { key: 'Enter', shift: true }), at('- one\n', 6));
  assert.deepEqual(editor.applyKey(at('1. one\n2. ', 10), { key: 'Enter', shift: true }), at('1. one\n', 7));
  assert.deepEqual(editor.applyKey(at('- [ ] a\n- [ ] ', 14), { key: 'Enter', shift: true }), at('- [ ] a\n', 8));
});
