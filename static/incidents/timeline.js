// Counts per day/week/month under the map. Dragging selects a window (start/end in the URL); Play
// steps that window through time; quick buttons pick the last 24 h, 7 d, 30 d or everything.
const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const parse = (s) => Date.parse(`${s}T00:00:00Z`);

export class Timeline {
  constructor(canvas, { selection, config, labels }) {
    this.canvas = canvas;
    this.selection = selection;
    this.config = config;
    this.labels = labels;
    this.data = null;
    this.drag = null;
    this.timer = null;
    canvas.addEventListener('mousedown', (e) => { this.drag = { from: this.timeAt(e), to: this.timeAt(e) }; });
    canvas.addEventListener('mousemove', (e) => { if (this.drag) { this.drag.to = this.timeAt(e); this.render(); } });
    window.addEventListener('mouseup', () => this.endDrag());
    window.addEventListener('resize', () => this.render());
  }

  async load() {
    const response = await fetch(`/api/timeline?${this.selection.query(['start', 'end'])}`);
    this.data = await response.json();
    this.render();
  }

  range() {
    const first = this.data && this.data.first ? parse(this.data.first) : Date.now() - 30 * DAY;
    const last = this.data && this.data.last ? parse(this.data.last) + DAY : Date.now();
    return [first, Math.max(last, first + DAY)];
  }

  timeAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const [first, last] = this.range();
    let x = (event.clientX - rect.left) / rect.width;
    if (document.documentElement.dir === 'rtl') x = 1 - x; // time runs right to left in Arabic
    return first + Math.min(1, Math.max(0, x)) * (last - first);
  }

  xOf(t, width) {
    const [first, last] = this.range();
    const x = ((t - first) / (last - first)) * width;
    return document.documentElement.dir === 'rtl' ? width - x : x;
  }

  endDrag() {
    if (!this.drag) return;
    const a = Math.min(this.drag.from, this.drag.to);
    const b = Math.max(this.drag.from, this.drag.to);
    this.drag = null;
    if (b - a < DAY / 2) { this.render(); return; }
    this.selection.setMany({ start: iso(a), end: iso(b) });
  }

  quick(days) {
    this.stop();
    if (days === 'all') { this.selection.setMany({ start: null, end: null }); return; }
    const end = parse(this.config.today);
    this.selection.setMany({ start: iso(end - (Number(days) - 1) * DAY), end: iso(end) });
  }

  toggle(button) {
    if (this.timer) { this.stop(); return; }
    const [first, last] = this.range();
    let start = this.selection.get('start')[0] ? parse(this.selection.get('start')[0]) : first;
    let end = this.selection.get('end')[0] ? parse(this.selection.get('end')[0]) : start + 30 * DAY;
    if (end >= last - DAY) { const len = end - start; start = first; end = first + len; }
    const step = () => {
      const len = end - start;
      this.selection.setMany({ start: iso(start), end: iso(end) });
      start += len + DAY; end = start + len;
      if (start >= last) this.stop();
    };
    this.button = button;
    button.setAttribute('aria-pressed', 'true');
    button.textContent = `❚❚ ${this.labels.pause}`;
    step();
    this.timer = window.setInterval(step, 1500);
  }

  stop() {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = null;
    if (this.button) {
      this.button.setAttribute('aria-pressed', 'false');
      this.button.textContent = `▶ ${this.labels.play}`;
    }
  }

  render() {
    const canvas = this.canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    const buckets = (this.data && this.data.buckets) || [];
    const max = Math.max(1, ...buckets.map((b) => b[1]));
    const unit = { day: DAY, week: 7 * DAY, month: 30.5 * DAY }[this.data ? this.data.unit : 'day'];
    ctx.fillStyle = '#607d8b';
    for (const [day, n] of buckets) {
      const t = parse(day);
      const x0 = this.xOf(t, width);
      const x1 = this.xOf(t + unit, width);
      const h = (n / max) * (height - 14);
      ctx.fillRect(Math.min(x0, x1), height - h, Math.max(1, Math.abs(x1 - x0) - 1), h);
    }
    const start = this.selection.get('start')[0];
    const end = this.selection.get('end')[0];
    let a = start ? parse(start) : null;
    let b = end ? parse(end) + DAY : null;
    if (this.drag) { a = Math.min(this.drag.from, this.drag.to); b = Math.max(this.drag.from, this.drag.to); }
    if (a || b) {
      const [first, last] = this.range();
      const xa = this.xOf(a || first, width);
      const xb = this.xOf(b || last, width);
      ctx.fillStyle = 'rgba(255, 160, 0, 0.25)';
      ctx.fillRect(Math.min(xa, xb), 0, Math.abs(xb - xa), height);
    }
    const label = document.getElementById('tl-window');
    label.textContent = start || end ? `${start || '…'} → ${end || '…'}` : '';
    canvas.dataset.buckets = String(buckets.length);
  }
}
