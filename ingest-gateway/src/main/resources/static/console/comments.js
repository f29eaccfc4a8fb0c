// Comments: the newest comments and tags as they arrive (GET /v1/feedback/recent), each with its completion's
// prompt and answer one click away (GET /v1/completion-logs/{usage_id}). Every text a user wrote is set as text.

import { query } from './api.js';
import { byId, el, fill } from './dom.js';
import * as format from './format.js';

export class Comments {
  constructor(api) {
    this.api = api;
    this.tag = '';
    this.typeNames = new Map();
    this.shown = '';
    this.seen = new Set();
    this.open = new Map(); // usage_id -> the element showing its completion
    byId('tag-search').addEventListener('submit', (event) => {
      event.preventDefault();
      this.tag = byId('tag').value.trim();
      this.refresh();
    });
    byId('tag-clear').addEventListener('click', () => {
      byId('tag').value = '';
      this.tag = '';
      this.refresh();
    });
  }

  async refresh() {
    if (this.typeNames.size === 0) {
      const types = await this.api.get('/v1/feedback-types');
      this.typeNames = new Map(types.map((type) => [type.id, type.name]));
    }
    const items = await this.api.get(`/v1/feedback/recent?${query({ limit: 50, tag: this.tag })}`);
    const signature = JSON.stringify([this.tag, items]);
    if (signature === this.shown) return; // nothing new: keep the list, its focus and what is open
    this.shown = signature;
    const fresh = this.seen.size > 0;
    byId('comments-empty').hidden = items.length > 0;
    fill(byId('comment-list'), items.map((item) => {
      const key = `${item.usage_id}/${item.feedback_type_id}/${item.occurred_at}`;
      const isNew = fresh && !this.seen.has(key);
      this.seen.add(key);
      return this.entry(item, isNew);
    }));
  }

  entry(item, isNew) {
    const details = this.open.get(item.usage_id) || el('div', { class: 'completion', hidden: true });
    const toggle = el('button', {
      type: 'button',
      class: 'link',
      'aria-expanded': String(!details.hidden),
      onclick: () => this.toggle(item.usage_id, toggle, details),
    }, details.hidden ? 'Show completion' : 'Hide completion');
    return el('li', { class: isNew ? 'comment new' : 'comment', dataset: { usageId: item.usage_id } },
      el('div', { class: 'meta' },
        el('time', { datetime: item.occurred_at }, format.time(item.occurred_at)),
        el('span', {}, this.typeNames.get(item.feedback_type_id) || `type ${item.feedback_type_id}`),
        rating(item),
        item.model ? el('span', { class: 'muted' }, item.model) : null),
      item.comment ? el('p', { class: 'text' }, item.comment) : null,
      item.tag ? el('button', {
        type: 'button',
        class: 'chip tag',
        title: 'Show only this tag',
        onclick: () => { byId('tag').value = item.tag; this.tag = item.tag; this.refresh(); },
      }, item.tag) : null,
      toggle,
      details);
  }

  async toggle(usageId, button, details) {
    if (!details.hidden) {
      details.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.textContent = 'Show completion';
      this.open.delete(usageId);
      return;
    }
    button.disabled = true;
    try {
      const log = await this.api.get(`/v1/completion-logs/${encodeURIComponent(usageId)}`);
      fill(details,
        el('h4', {}, 'Prompt'), el('pre', {}, log.prompt ?? '(none)'),
        el('h4', {}, 'Completion'), el('pre', {}, log.completion ?? '(none)'),
        el('p', { class: 'muted' }, `${log.openai_name ?? 'unknown model'} · `
          + `${log.timestamp ? format.time(log.timestamp) : 'not logged yet'}`));
    } catch (failure) {
      fill(details, el('p', { class: 'error' }, failure.status === 404
        ? 'The completion of this feedback has not been logged.' : failure.message));
    } finally {
      button.disabled = false;
    }
    details.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide completion';
    this.open.set(usageId, details);
  }
}

function rating(item) {
  if (item.flag === true) return el('span', { class: 'good' }, '▲ positive');
  if (item.flag === false) return el('span', { class: 'bad' }, '▼ negative');
  if (item.value !== undefined && item.value !== null) return el('span', {}, String(item.value));
  return null;
}
