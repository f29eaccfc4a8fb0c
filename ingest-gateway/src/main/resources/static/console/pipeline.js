// Pipeline: is it keeping up (consumer lag per partition, visibility percentiles) and what did it refuse (dead
// letters by reason, with their detail). A key with the admin scope re-drives a letter once its cause is fixed.

import { byId, el, fill, table } from './dom.js';
import * as format from './format.js';

export class Pipeline {
  constructor(api, admin) {
    this.api = api;
    this.admin = admin;
  }

  async refresh() {
    const [status, letters] = await Promise.all([
      this.api.get('/v1/pipeline'),
      this.api.get('/v1/dead-letters?limit=100'),
    ]);
    byId('visibility-p50').textContent = format.millis(status.visibility.p50_ms);
    byId('visibility-p99').textContent = format.millis(status.visibility.p99_ms);
    byId('visibility-note').textContent = `Visibility: from the gateway to the tables, over this project's `
      + `${format.count(status.visibility.samples)} ratings of the last ${Math.round(status.visibility.window_seconds / 60)} minutes.`;
    byId('total-lag').textContent = format.count(status.total_lag);
    table(byId('lag'), ['Topic', 'Partition', 'End', 'Committed', 'Lag'], status.lag.map((p) => el('tr', {},
      el('td', {}, p.topic),
      el('td', { class: 'number' }, p.partition),
      el('td', { class: 'number' }, format.count(p.end_offset)),
      el('td', { class: 'number' }, p.committed_offset === undefined || p.committed_offset === null
        ? '–' : format.count(p.committed_offset)),
      el('td', { class: p.lag > 0 ? 'number bad' : 'number' }, format.count(p.lag)))));
    this.renderLetters(letters);
  }

  renderLetters(letters) {
    const open = Object.values(letters.open).reduce((sum, n) => sum + n, 0);
    byId('dead-letter-count').textContent = format.count(open);
    const reasons = [...new Set([...Object.keys(letters.seen), ...Object.keys(letters.open)])].sort();
    table(byId('dead-letter-reasons'), ['Reason', 'Open', 'Ever'], reasons.map((reason) => el('tr', {},
      el('td', {}, reason),
      el('td', { class: 'number', dataset: { reason } }, format.count(letters.open[reason] || 0)),
      el('td', { class: 'number' }, format.count(letters.seen[reason] || 0)))));
    const headings = ['Failed at', 'Reason', 'Detail', 'From', ''];
    table(byId('dead-letters'), headings, letters.letters.map((letter) => el('tr', { dataset: { letter: letter.id } },
      el('td', {}, el('time', { datetime: letter.failed_at }, format.time(letter.failed_at))),
      el('td', {}, letter.reason),
      el('td', { class: 'detail' }, letter.detail),
      el('td', { class: 'muted' }, letter.origin),
      el('td', {}, this.action(letter)))));
  }

  action(letter) {
    if (letter.redriven_at) {
      return el('span', { class: 'muted' }, `re-driven ${format.time(letter.redriven_at)}`);
    }
    if (!this.admin) return el('span', { class: 'muted', title: 'Re-driving needs a key with the admin scope' }, 'open');
    const button = el('button', {
      type: 'button',
      class: 'redrive',
      'aria-label': `Re-drive dead letter ${letter.id}`,
      onclick: async () => {
        button.disabled = true;
        try {
          const done = await this.api.post(`/v1/dead-letters/${encodeURIComponent(letter.id)}/redrive`);
          byId('redrive-status').textContent = `Re-drove ${done.letter_id}: it is back at ${done.sent_to}.`;
          await this.refresh();
        } catch (failure) {
          byId('redrive-status').textContent = `Could not re-drive ${letter.id}: ${failure.message}`;
          button.disabled = false;
        }
      },
    }, 'Re-drive');
    return button;
  }
}
