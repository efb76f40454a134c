// The timeline's scrolling: load more near the edges, stay at the bottom, jump to a note.
// Used through dataans.js, the interop module.
import { call } from './dataans.js';

const timelines = new WeakMap();

export function observeTimeline(container, component) {
  const timeline = { component, stick: true, busy: false, fromBottom: null };
  timeline.onScroll = () => {
    timeline.stick = container.scrollHeight - container.scrollTop - container.clientHeight < 48;
  };
  container.addEventListener('scroll', timeline.onScroll, { passive: true });
  // A task's checkbox is an edit of its note: the store decides, the next render shows the result.
  timeline.onClick = (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains('task')) return;
    const note = box.closest('article.note');
    const markdown = box.closest('.markdown');
    if (!note || !markdown) return;
    event.preventDefault();
    const index = Array.from(markdown.querySelectorAll('input.task')).indexOf(box);
    call(component, 'ToggleTask', note.id, note.dataset.version, index, box.checked);
  };
  container.addEventListener('click', timeline.onClick);
  timeline.edges = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) requestMore(container, timeline, entry.target.dataset.edge);
    }
  }, { root: container, rootMargin: '800px 0px' });
  timeline.resize = new ResizeObserver(() => {
    if (timeline.stick) container.scrollTop = container.scrollHeight;
  });
  container.querySelectorAll('[data-timeline-content]').forEach((content) => timeline.resize.observe(content));
  timelines.set(container, timeline);
}

async function requestMore(container, timeline, edge) {
  if (timeline.busy) return;
  timeline.busy = true;
  if (edge === 'top') timeline.fromBottom = container.scrollHeight - container.scrollTop;
  try {
    await call(timeline.component, edge === 'top' ? 'NearTop' : 'NearBottom');
  } finally {
    timeline.busy = false;
  }
}

export function timelineRendered(container, scrollToBottom, focusNoteId) {
  const timeline = timelines.get(container);
  if (!timeline) return;
  if (focusNoteId) {
    const note = document.getElementById(focusNoteId);
    if (note) {
      timeline.stick = false;
      note.scrollIntoView({ block: 'center' });
      note.focus({ preventScroll: true });
    }
  } else if (scrollToBottom) {
    timeline.stick = true;
    container.scrollTop = container.scrollHeight;
  } else if (timeline.fromBottom !== null && container.scrollTop < 1) {
    // Older notes were added above while at the very top, where the browser does not anchor the scroll.
    container.scrollTop = container.scrollHeight - timeline.fromBottom;
  }
  timeline.fromBottom = null;
  timeline.edges.disconnect();
  container.querySelectorAll('[data-edge]').forEach((edge) => timeline.edges.observe(edge));
}

export function detachTimeline(container) {
  const timeline = timelines.get(container);
  if (!timeline) return;
  container.removeEventListener('scroll', timeline.onScroll);
  container.removeEventListener('click', timeline.onClick);
  timeline.edges.disconnect();
  timeline.resize.disconnect();
  timelines.delete(container);
}
