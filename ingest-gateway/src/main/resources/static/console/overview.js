// Overview: ratings over a window, positive and negative, and the positive ratio per model and per endpoint with
// its 95% interval. Every figure is the analytics API's own (GET /v1/analytics/feedback); the page only lays
// them out. A click on a model or an endpoint filters everything; the chips take the filters away again.

import { query } from './api.js';
import { byId, el, fill, table } from './dom.js';
import * as format from './format.js';

const WINDOWS = {
  hour: { millis: 3600e3, bucket: 'minute', title: 'Ratings per minute' },
  day: { millis: 24 * 3600e3, bucket: 'hour', title: 'Ratings per hour' },
  week: { millis: 7 * 24 * 3600e3, bucket: 'hour', title: 'Ratings per hour' },
};
const STEP_SECONDS = { minute: 60, hour: 3600, day: 86400 };

export class Overview {
  constructor(api, zone) {
    this.api = api;
    this.zone = zone;
    this.window = 'hour';
    this.custom = null;
    this.filters = { model: null, endpoint: null };
    this.typeId = null;
    this.endpointNames = new Map();
    this.chart = null;
    this.chartBucket = null;
    for (const button of document.querySelectorAll('[data-window]')) {
      button.addEventListener('click', () => this.chooseWindow(button.dataset.window));
    }
    byId('custom-window').addEventListener('submit', (event) => {
      event.preventDefault();
      const from = new Date(byId('custom-from').value);
      const to = new Date(byId('custom-to').value);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
        byId('custom-to').setCustomValidity('The end must be after the start.');
        byId('custom-to').reportValidity();
        return;
      }
      byId('custom-to').setCustomValidity('');
      this.custom = { from, to };
      this.refresh();
    });
    byId('rating-type').addEventListener('change', (event) => {
      this.typeId = event.target.value;
      this.refresh();
    });
    window.addEventListener('resize', () => this.chart?.setSize(this.chartSize()));
    this.markWindow();
  }

  chooseWindow(name) {
    this.window = name;
    byId('custom-window').hidden = name !== 'custom';
    if (name === 'custom' && !this.custom) {
      const to = new Date();
      this.custom = { from: new Date(to - 3 * 3600e3), to };
      byId('custom-from').value = localInput(this.custom.from);
      byId('custom-to').value = localInput(this.custom.to);
    }
    this.markWindow();
    this.refresh();
  }

  markWindow() {
    for (const button of document.querySelectorAll('[data-window]')) {
      button.setAttribute('aria-pressed', String(button.dataset.window === this.window));
    }
  }

  range() {
    if (this.window === 'custom' && this.custom) {
      const span = this.custom.to - this.custom.from;
      const bucket = span <= 3 * 3600e3 ? 'minute' : span <= 10 * 24 * 3600e3 ? 'hour' : 'day';
      return { ...this.custom, bucket, title: `Ratings per ${bucket}` };
    }
    const window = WINDOWS[this.window];
    const to = new Date();
    return { from: new Date(to - window.millis), to, bucket: window.bucket, title: window.title };
  }

  async loadCatalog() {
    const [types, endpoints] = await Promise.all([this.api.get('/v1/feedback-types'), this.api.get('/v1/endpoints')]);
    const ratings = types.filter((type) => type.kind === 'BOOLEAN');
    fill(byId('rating-type'), ratings.map((type) => el('option', { value: type.id }, type.name)));
    this.typeId = String((ratings.find((type) => type.id === 1) || ratings[0])?.id ?? '');
    byId('rating-type').value = this.typeId;
    this.endpointNames = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.name]));
  }

  async refresh() {
    if (this.typeId === null) await this.loadCatalog();
    const range = this.range();
    const common = {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      time_zone: this.zone,
      feedback_type_id: this.typeId,
      model: this.filters.model,
      endpoint_id: this.filters.endpoint,
    };
    const analytics = (more) => this.api.get(`/v1/analytics/feedback?${query({ ...common, ...more })}`);
    const [series, totals, byModel, byEndpoint] = await Promise.all([
      analytics({ bucket: range.bucket }),
      analytics({ bucket: 'none' }),
      analytics({ bucket: 'none', group_by: 'model' }),
      analytics({ bucket: 'none', group_by: 'endpoint' }),
    ]);
    byId('chart-title').textContent = range.title;
    this.renderFilters();
    this.renderTotals(totals.groups[0]?.stats);
    this.renderChart(series, range.bucket, range.title);
    this.renderTable(byId('by-model'), 'Model', byModel.groups, (group) => group.model, (name) => name,
      (model) => { this.filters.model = model; });
    this.renderTable(byId('by-endpoint'), 'Endpoint', byEndpoint.groups, (group) => group.endpoint_id,
      (id) => this.endpointNames.get(id) || format.shortId(id), (id) => { this.filters.endpoint = id; });
  }

  renderFilters() {
    const chips = [];
    if (this.filters.model) chips.push(this.chip(`model: ${this.filters.model}`, () => { this.filters.model = null; }));
    if (this.filters.endpoint) {
      const name = this.endpointNames.get(this.filters.endpoint) || this.filters.endpoint;
      chips.push(this.chip(`endpoint: ${name}`, () => { this.filters.endpoint = null; }));
    }
    fill(byId('filters'), chips);
  }

  chip(label, remove) {
    return el('button', {
      type: 'button',
      class: 'chip',
      'aria-label': `Remove filter ${label}`,
      onclick: () => { remove(); this.refresh(); },
    }, label, ' ×');
  }

  renderTotals(stats) {
    byId('kpi-count').textContent = format.count(stats?.count ?? 0);
    byId('kpi-positive').textContent = format.count(stats?.positive ?? 0);
    byId('kpi-negative').textContent = format.count(stats?.negative ?? 0);
    byId('kpi-ratio').textContent = format.ratioWithInterval(stats);
  }

  renderTable(element, heading, groups, keyOf, nameOf, choose) {
    const rows = groups
      .slice()
      .sort((a, b) => b.stats.count - a.stats.count)
      .map((group) => {
        const key = keyOf(group);
        const name = key
          ? el('button', {
            type: 'button',
            class: 'link',
            title: `Show only ${nameOf(key)}`,
            onclick: () => { choose(key); this.refresh(); },
          }, nameOf(key))
          : el('span', { class: 'muted' }, 'no log yet');
        return el('tr', { dataset: { key: key || '' } },
          el('th', { scope: 'row' }, name),
          el('td', { class: 'number', dataset: { field: 'count' } }, format.count(group.stats.count)),
          el('td', { class: 'number', dataset: { field: 'positive' } }, format.count(group.stats.positive)),
          el('td', { class: 'number', dataset: { field: 'negative' } }, format.count(group.stats.negative)),
          el('td', { dataset: { field: 'ratio' } }, format.ratioWithInterval(group.stats), intervalBar(group.stats)));
      });
    table(element, [heading, 'Ratings', 'Positive', 'Negative', 'Positive ratio (95%)'], rows);
  }

  chartSize() {
    const box = byId('chart');
    return { width: Math.max(280, box.clientWidth), height: 260 };
  }

  renderChart(answer, bucket, title) {
    const step = STEP_SECONDS[bucket];
    const start = Date.parse(answer.from) / 1000;
    const end = Date.parse(answer.to) / 1000;
    const positive = new Map();
    const negative = new Map();
    for (const group of answer.groups) {
      const at = Date.parse(group.bucket) / 1000;
      positive.set(at, (positive.get(at) || 0) + (group.stats.positive || 0));
      negative.set(at, (negative.get(at) || 0) + (group.stats.negative || 0));
    }
    const times = new Set(positive.keys());
    for (let at = start; at < end; at += step) times.add(at);
    const xs = [...times].sort((a, b) => a - b);
    const data = [xs, xs.map((at) => positive.get(at) || 0), xs.map((at) => negative.get(at) || 0)];
    // What the chart plots, in numbers: for screen readers' summaries and for the browser tests.
    const sum = (values) => values.reduce((total, n) => total + n, 0);
    byId('chart').dataset.positive = sum(data[1]);
    byId('chart').dataset.negative = sum(data[2]);
    byId('chart').setAttribute('aria-label',
      `${title}: ${sum(data[1])} positive and ${sum(data[2])} negative in this window`);
    if (this.chart && this.chartBucket === bucket) {
      this.chart.setData(data);
      return;
    }
    this.chart?.destroy();
    this.chartBucket = bucket;
    // Side by side in each bucket: positive on the left half, negative on the right.
    const bars = (align) => globalThis.uPlot.paths.bars({ size: [0.45, 24], align, gap: 1 });
    this.chart = new globalThis.uPlot({
      ...this.chartSize(),
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
      axes: [{}, { label: 'ratings', size: 56 }],
      series: [
        {},
        { label: 'Positive', stroke: '#1a7f37', fill: 'rgba(26, 127, 55, 0.6)', paths: bars(-1), points: { show: false } },
        { label: 'Negative', stroke: '#c62828', fill: 'rgba(198, 40, 40, 0.6)', paths: bars(1), points: { show: false } },
      ],
    }, data, byId('chart'));
  }
}

/** The ratio as a dot on a 0-100% track, its interval as a band: drawn by setting sizes, not by markup. */
function intervalBar(stats) {
  const track = el('span', { class: 'interval', 'aria-hidden': 'true' });
  if (stats.positive_ratio === undefined || stats.positive_ratio === null) return track;
  const band = el('span', { class: 'band' });
  band.style.left = `${100 * stats.ratio_low}%`;
  band.style.width = `${100 * (stats.ratio_high - stats.ratio_low)}%`;
  const point = el('span', { class: 'point' });
  point.style.left = `${100 * stats.positive_ratio}%`;
  track.append(band, point);
  return track;
}

function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60e3);
  return local.toISOString().slice(0, 16);
}
