'use strict';
// formats.md § How operations are applied: per object, last-writer-wins registers ordered by
// (created_at, id bytes) — content, state (alive/deleted) and, for notes, files — plus the conflict rule.
const f = require('./formats');

const version = record => ({ time: f.parseTime(record.created_at), id: f.uuidBytes(record.id).toString('hex'), opId: record.id });
const newer = (a, b) => !b || a.time > b.time || (a.time === b.time && a.id > b.id);

function buildModel(records) {
  const objects = { space: new Map(), note: new Map(), file: new Map() };
  const versions = new Map(); // note id → its CreateNote/UpdateNote versions
  const object = (type, id) => {
    const key = f.uuidBytes(id).toString('hex');
    if (!objects[type].has(key)) objects[type].set(key, {});
    return objects[type].get(key);
  };
  const write = (target, register, v, value) => { if (newer(v, target[register]?.v)) target[register] = { v, value }; };
  for (const record of records) {
    const [kind] = Object.keys(record.operation), payload = record.operation[kind], v = version(record);
    const type = { Note: 'note', Space: 'space', File: 'file' }[kind.replace(/^(Create|Update|Delete)/, '')];
    if (kind === 'SetNoteFiles') {
      write(object('note', payload[0]), 'files', v, payload[1]);
    } else if (kind.startsWith('Delete')) {
      write(object(type, payload), 'state', v, true);
    } else {
      const target = object(type, payload.id);
      write(target, 'content', v, payload);
      write(target, 'state', v, payload.is_deleted);
      if (type === 'note') {
        const key = f.uuidBytes(payload.id).toString('hex');
        versions.set(key, [...(versions.get(key) || []), { ...v, isCreate: kind === 'CreateNote', parents: payload.parents }]);
      }
    }
  }
  const visible = o => o.content && !o.state.value;
  const find = (type, id) => objects[type].get(f.uuidBytes(id).toString('hex'));
  const spaces = [...objects.space.values()].filter(visible).map(o => ({ id: o.content.value.id, name: o.content.value.name, avatarId: o.content.value.avatar_id }));
  const notes = [...objects.note.values()].filter(o => visible(o) && find('space', o.content.value.space_id) && visible(find('space', o.content.value.space_id))).map(o => {
    const note = o.content.value, all = versions.get(f.uuidBytes(note.id).toString('hex'));
    return { id: note.id, spaceId: note.space_id, text: note.text, createdAt: note.created_at, files: o.files?.value || [], currentVersion: o.content.v.opId, hasConflict: conflicts(all).length > 0 };
  });
  const files = [...objects.file.values()].filter(o => o.content).map(o => ({ id: o.content.value.id, name: o.content.value.name, path: o.content.value.path, deleted: o.state.value }));
  return { spaces, notes, files };
}

// A version that no version replaces (its `parents`, or the version just before it for writers without
// `parents`) and that is not the latest is a conflict.
function conflicts(all) {
  const sorted = [...all].sort((a, b) => (newer(a, b) ? 1 : -1));
  const replaced = new Set();
  sorted.forEach((v, i) => {
    if (v.parents) v.parents.forEach(id => replaced.add(f.uuidBytes(id).toString('hex')));
    else if (!v.isCreate && i > 0) replaced.add(sorted[i - 1].id);
  });
  return sorted.slice(0, -1).filter(v => !replaced.has(v.id)).map(v => v.opId);
}

// protocol.md § 7: a safe path, and the name a writer stores for an attachment.
function isSafePath(path) {
  return typeof path === 'string' && path.length >= 1 && path.length <= 255 && path !== '.' && path !== '..'
    && !path.startsWith('.') && !/[/\\:\0]/.test(path);
}
function safeName(name) {
  let safe = [...name].map(c => (c.codePointAt(0) < 32 || c.codePointAt(0) === 127 || '<>:"/\\|?*'.includes(c) ? '_' : c)).join('');
  safe = safe.trim().replace(/^\.+|\.+$/g, '');
  if (!safe) return 'file';
  const stem = safe.replace(/\.[^.]*$/, '').toUpperCase();
  if (/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/.test(stem)) safe = '_' + safe;
  while (Buffer.byteLength(safe) > 180) {
    const dot = safe.lastIndexOf('.'), ext = dot > 0 ? safe.slice(dot) : '';
    safe = ext.length < 16 && dot > 1 ? safe.slice(0, dot - 1) + ext : safe.slice(0, -1);
  }
  return safe;
}

module.exports = { buildModel, isSafePath, safeName };
