// Pure text transforms of the note editor. Each takes the editor state
// { text, start, end } (selection offsets in UTF-16 code units) and returns the new state.
// No DOM here, so node can test them (test/Dataans.App.UiTests/js/editor.test.mjs).

const lineStartOf = (text, index) => text.lastIndexOf('\n', index - 1) + 1;
const lineEndOf = (text, index) => {
  const end = text.indexOf('\n', index);
  return end < 0 ? text.length : end;
};

/** Wraps the selection in `before`/`after`, keeping the selection on the wrapped text. */
export function wrap(state, before, after = before) {
  const { text, start, end } = state;
  const selected = text.slice(start, end);
  return {
    text: text.slice(0, start) + before + selected + after + text.slice(end),
    start: start + before.length,
    end: end + before.length,
  };
}

/** Ctrl+K: `[selection](url)` with "url" selected. */
export function link(state) {
  const { text, start, end } = state;
  const inserted = `[${text.slice(start, end)}](url)`;
  const urlStart = start + inserted.length - 4;
  return { text: text.slice(0, start) + inserted + text.slice(end), start: urlStart, end: urlStart + 3 };
}

/** Applies `change(line)` to every line the selection touches; the selection follows the text. */
function mapLines(state, change) {
  const { text, start, end } = state;
  const from = lineStartOf(text, start);
  const to = lineEndOf(text, end > start && text[end - 1] === '\n' ? end - 1 : end);
  const lines = text.slice(from, to).split('\n');
  const changed = lines.map(change);
  const firstDelta = changed[0].length - lines[0].length;
  const totalDelta = changed.join('\n').length - (to - from);
  const newStart = Math.max(from, start + firstDelta);
  const newEnd = start === end ? newStart : Math.max(newStart, end + totalDelta);
  return { text: text.slice(0, from) + changed.join('\n') + text.slice(to), start: newStart, end: newEnd };
}

/** Ctrl+Shift+Q: prefixes every touched line with "> ". */
export const quote = (state) => mapLines(state, (line) => '> ' + line);

/** Tab: indents every touched line by two spaces. */
export const indent = (state) => mapLines(state, (line) => '  ' + line);

/** Shift+Tab: removes up to two leading white-space characters from every touched line. */
export const outdent = (state) => mapLines(state, (line) => line.replace(/^[ \t]{1,2}/, ''));

const bulletItem = /^(\s*)([*+-]) /;
const taskItem = /^(\s*)([*+-]) \[[ xX]\] /;
const numberedItem = /^(\s*)(\d+)\. /;

/**
 * Shift+Enter: a new line that continues the list of the current line. A task item continues as an
 * unticked task, a bullet keeps its indentation and marker; "N. " becomes "N+1. " and the numbered
 * items right after it are renumbered; any other line keeps its indentation. On an empty item (only
 * its marker) it ends the list instead: the marker goes away.
 */
export function newline(state) {
  const { text, start, end } = state;
  const lineStart = lineStartOf(text, start);
  const line = text.slice(lineStart, start);
  let prefix = line.match(/^\s*/)[0];
  let rest = text.slice(end);
  const task = line.match(taskItem);
  const bullet = line.match(bulletItem);
  const numbered = line.match(numberedItem);
  const marker = task || bullet || numbered;
  if (marker && start === end && marker[0] === line && lineEndOf(text, start) === start) {
    return { text: text.slice(0, lineStart) + rest, start: lineStart, end: lineStart };
  }
  if (task) {
    prefix = `${task[1]}${task[2]} [ ] `;
  } else if (bullet) {
    prefix = `${bullet[1]}${bullet[2]} `;
  } else if (numbered) {
    const next = Number(numbered[2]) + 1;
    prefix = `${numbered[1]}${next}. `;
    rest = renumber(rest, numbered[1], next + 1);
  }
  const inserted = '\n' + prefix;
  const caret = start + inserted.length;
  return { text: text.slice(0, start) + inserted + rest, start: caret, end: caret };
}

/** Renumbers the consecutive "N. " items (same indentation) that start the lines after the first line of `rest`. */
function renumber(rest, indentation, first) {
  const lines = rest.split('\n');
  let number = first;
  for (let i = 1; i < lines.length; i++) {
    const item = lines[i].match(numberedItem);
    if (!item || item[1] !== indentation) {
      break;
    }
    lines[i] = `${indentation}${number++}. ` + lines[i].slice(item[0].length);
  }
  return lines.join('\n');
}

/**
 * Typing a backtick after two backticks opens and closes a code fence: "```" + selection, a new line,
 * the line's indentation and "```", with the caret after the opening fence. Null when it does not apply.
 */
export function backtick(state) {
  const { text, start, end } = state;
  if (!text.slice(0, start).endsWith('``')) {
    return null;
  }
  const indentation = text.slice(lineStartOf(text, start), start).match(/^\s*/)[0];
  const selected = text.slice(start, end);
  const inserted = '`' + selected + '\n' + indentation + '```';
  const caret = start + 1;
  return { text: text.slice(0, start) + inserted + text.slice(end), start: caret, end: caret + selected.length };
}

/**
 * The editor's hard-coded keys. `key` is { key, ctrl, shift, alt, meta }. Returns the new state, or
 * null when the key is not an editing shortcut (Enter and Escape are handled by the caller).
 */
export function applyKey(state, key) {
  const mod = key.ctrl || key.meta;
  const k = key.key.length === 1 ? key.key.toLowerCase() : key.key;
  if (mod && !key.alt) {
    if (!key.shift && k === 'b') return wrap(state, '**');
    if (!key.shift && k === 'i') return wrap(state, '_');
    if (!key.shift && k === 'k') return link(state);
    if (key.shift && k === 'm') return wrap(state, '`');
    if (key.shift && k === 'q') return quote(state);
    return null;
  }
  if (key.ctrl || key.meta || key.alt) return null;
  if (k === 'Tab') return key.shift ? outdent(state) : indent(state);
  if (k === 'Enter' && key.shift) return newline(state);
  if (k === '`' && !key.shift) return backtick(state);
  return null;
}
