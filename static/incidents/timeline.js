// Counts per day/week/month under the map, on a labelled date axis. A window (start/end in the URL)
// is chosen by dragging, or from the keyboard (the canvas is a focusable slider: arrows move the
// window, Shift+arrows resize it, Enter applies, Escape cancels). "Zoom to window" shows only the
// window's dates; Play steps a window through the data's dates (never past them) at a chosen step
// and speed, and Stop puts the window back as it was. Incidents dated only to a week or a month are
// drawn as lines across that week or month, not as bars on one day.
const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const parse = (s) => Date.parse(`${s}T00:00:00Z`);
const floorDay = (t) => Math.floor(t / DAY) * DAY;

// Calendar arithmetic in UTC: k days, weeks or months after t (months keep the day of the month,
// clamped to the month's length).
function shift(t, unit, k) {
  if (unit === 'day') return t + k * DAY;
  if (unit === 'week') return t + 7 * k * DAY;
  const d = new Date(t);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
  const t2 = new Date(target);
  const last = new Date(Date.UTC(t2.getUTCFullYear(), t2.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(t2.getUTCFullYear(), t2.getUTCMonth(), Math.min(d.getUTCDate(), last));
}
const monday = (t) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
const monthStart = (t) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };

// The days an imprecise date stands for: its week (Monday to Sunday) or its calendar month.
function spanOf(t, precision) {
  if (precision === 3) { const a = monthStart(t); return [a, shift(a, 'month', 1)]; }
  const a = monday(t);
  return [a, a + 7 * DAY];
}
// The bucket of the API's counts that holds day t.
function bucketOf(t, unit) {
  if (unit === 'week') return monday(t);
  if (unit === 'month') return monthStart(t);
  return t;
}
// The server's rule for a span (incidents/counts.bucket_for), used for a zoomed view.
function unitFor(days) { return days <= 120 ? 'day' : (days <= 900 ? 'week' : 'month'); }

const BAR = '#546e7a';
const SPAN = '#8e24aa';
const AXIS = '#37474f';
const AXIS_H = 18;
const LANE_H = 12;

export class Timeline {
  constructor(canvas, { selection, config, labels }) {
    this.canvas = canvas;
    this.selection = selection;
    this.config = config;
    this.labels = labels;
    const byId = (id) => document.getElementById(id);
    const controls = {
      root: byId('timeline'), readout: byId('tl-window'), zoom: byId('tl-zoom'), zoomOut: byId('tl-zoom-out'),
      play: byId('tl-play'), stop: byId('tl-stop'), step: byId('tl-step'), speed: byId('tl-speed'),
    };
    this.controls = controls;
    this.text = controls.root.dataset; // the timeline's own strings, translated in the template
    // The canvas is a slider for the keyboard and for assistive technology.
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'slider');
    canvas.setAttribute('aria-label', this.text.timeWindow);
    canvas.setAttribute('aria-describedby', 'tl-help');
    this.rtl = document.documentElement.dir === 'rtl';
    const lang = document.documentElement.lang;
    // Syrian (Levantine) month names with the interface's Latin digits in Arabic.
    this.locale = lang === 'ar' ? 'ar-SY-u-nu-latn' : 'en-GB';
    this.format = {};
    this.data = null;
    this.dataKey = null;
    this.view = null; // [from, to) when zoomed, else null: the whole data range
    this.drag = null;
    this.pending = null; // a keyboard window not applied yet: [from, to)
    this.play = null; // {saved, len, at, timer, paused}
    canvas.addEventListener('mousedown', (e) => {
      this.stop(false);
      this.pending = null;
      const t = this.timeAt(e);
      this.drag = { from: t, to: t };
    });
    canvas.addEventListener('mousemove', (e) => { if (this.drag) { this.drag.to = this.timeAt(e); this.render(); } });
    window.addEventListener('mouseup', () => this.endDrag());
    window.addEventListener('resize', () => this.render());
    canvas.addEventListener('keydown', (e) => this.key(e));
    canvas.addEventListener('blur', () => { if (this.pending) { this.pending = null; this.render(); } });
    controls.zoom.addEventListener('click', () => this.zoomIn());
    controls.zoomOut.addEventListener('click', () => this.zoomOut());
    controls.stop.addEventListener('click', () => this.stop(true));
  }

  // The counts ignore start/end, so a new window (a brush, a playback frame) needs no new request.
  async load() {
    const params = new URLSearchParams(this.selection.query(['start', 'end']));
    if (this.view) params.set('unit', unitFor((this.view[1] - this.view[0]) / DAY));
    const key = params.toString();
    if (key !== this.dataKey) {
      const response = await fetch(`/api/timeline?${key}`);
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      this.data = data;
      this.dataKey = key;
    }
    this.render();
  }

  // The data's dates, [first day, day after the last), whatever the zoom.
  extent() {
    if (this.data && this.data.first) return [parse(this.data.first), parse(this.data.last) + DAY];
    const today = parse(this.config.today);
    return [today - 29 * DAY, today + DAY];
  }

  // The dates the canvas shows.
  range() { return this.view || this.extent(); }

  // The applied window from the URL as [from, to) (either end may be open: null).
  applied() {
    const start = this.selection.get('start')[0];
    const end = this.selection.get('end')[0];
    return [start ? parse(start) : null, end ? parse(end) + DAY : null];
  }

  // What the canvas and readout show: a drag, a pending keyboard window, or the applied one.
  shown() {
    if (this.drag) {
      const a = floorDay(Math.min(this.drag.from, this.drag.to));
      const b = floorDay(Math.max(this.drag.from, this.drag.to)) + DAY;
      return [a, b];
    }
    return this.pending || this.applied();
  }

  timeAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const [first, last] = this.range();
    let x = (event.clientX - rect.left) / rect.width;
    if (this.rtl) x = 1 - x; // time runs right to left in Arabic
    return first + Math.min(1, Math.max(0, x)) * (last - first);
  }

  xOf(t, width) {
    const [first, last] = this.range();
    const x = ((t - first) / (last - first)) * width;
    return this.rtl ? width - x : x;
  }

  endDrag() {
    if (!this.drag) return;
    const moved = Math.abs(this.drag.to - this.drag.from);
    const [a, b] = this.shown();
    this.drag = null;
    if (moved < DAY / 2) { this.render(); return; }
    this.apply([a, b]);
  }

  apply([a, b]) {
    this.pending = null;
    this.selection.setMany({ start: a == null ? null : iso(a), end: b == null ? null : iso(b - DAY) });
  }

  // The step of the arrow keys and of playback: the unit the bars are counted in, or the chosen step.
  unit() { return (this.data && this.data.unit) || 'day'; }

  key(e) {
    const forward = this.rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = this.rtl ? 'ArrowRight' : 'ArrowLeft';
    let dir = 0;
    if (e.key === forward || e.key === 'ArrowUp') dir = 1;
    else if (e.key === backward || e.key === 'ArrowDown') dir = -1;
    if (e.key === 'Enter') {
      if (this.pending) this.apply(this.pending);
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape') {
      if (this.pending) { this.pending = null; this.render(); e.preventDefault(); e.stopPropagation(); }
      else if (this.play) { this.stop(true); e.preventDefault(); e.stopPropagation(); }
      return;
    }
    if (e.key === '+' || e.key === '=') { this.zoomIn(); e.preventDefault(); return; }
    if (e.key === '-') { this.zoomOut(); e.preventDefault(); return; }
    const [first, last] = this.extent();
    const unit = this.unit();
    let [a, b] = this.current();
    if (dir && e.shiftKey) {
      b = Math.max(a + DAY, Math.min(last, shift(b, unit, dir)));
    } else if (dir) {
      [a, b] = this.clamp(shift(a, unit, dir), shift(b, unit, dir), dir);
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      const len = b - a;
      const k = e.key === 'PageUp' ? 1 : -1;
      [a, b] = this.clamp(a + k * len, b + k * len, k);
    } else if (e.key === 'Home') {
      [a, b] = [first, first + (b - a)];
    } else if (e.key === 'End') {
      [a, b] = [last - (b - a), last];
    } else {
      return;
    }
    e.preventDefault();
    this.stop(false);
    this.pending = [a, Math.min(b, last)];
    this.render();
  }

  // The window the keys start from: pending, applied (open ends closed at the data's dates), or, when
  // there is none, the latest step of the data.
  current() {
    if (this.pending) return this.pending;
    const [first, last] = this.extent();
    const [a, b] = this.applied();
    if (a != null || b != null) {
      const from = Math.max(first, a ?? first);
      const to = Math.min(last, b ?? last);
      if (to > from) return [from, to];
    }
    const steps = { day: 7, week: 4, month: 3 }[this.unit()] || 7;
    return [Math.max(first, shift(last, this.unit(), -steps)), last];
  }

  // A moved window kept inside the data's dates, its length unchanged where it fits.
  clamp(a, b, dir) {
    const [first, last] = this.extent();
    const len = Math.min(b - a, last - first);
    if (dir > 0 && b > last) return [last - len, last];
    if (dir < 0 && a < first) return [first, first + len];
    return [a, b];
  }

  zoomIn() {
    const [a, b] = this.current();
    if (b - a < DAY) return;
    const pad = Math.max(DAY, Math.round((b - a) / 20 / DAY) * DAY);
    this.view = [a - pad, b + pad];
    this.load().catch(() => {});
  }

  zoomOut() {
    if (!this.view) return;
    this.view = null;
    this.load().catch(() => {});
  }

  // The dates playback runs through: the data's, or the part of them shown when zoomed in.
  playRange() {
    const [first, last] = this.extent();
    if (!this.view) return [first, last];
    const a = Math.max(first, floorDay(this.view[0]));
    const b = Math.min(last, floorDay(this.view[1]));
    return b - a >= DAY ? [a, b] : [first, last];
  }

  // Playback: a window of the current length (or a tenth of the span) stepped from where the window is
  // (or the first date) to the last date, then the window from before Play is put back.
  toggle() { // Play / Pause (app.js binds the button)
    if (this.play && !this.play.paused) { this.pause(); return; }
    if (!this.play) {
      const [first, last] = this.playRange();
      const [a, b] = this.applied();
      const step = this.controls.step.value || this.unit();
      let len;
      let at;
      if (a != null && b != null && b - a <= (last - first) / 2) {
        len = b - a;
        at = a >= first && b < last ? a : first;
      } else {
        len = Math.max(shift(0, step, 1), Math.round((last - first) / 10 / DAY) * DAY);
        len = Math.min(len, last - first);
        at = first;
      }
      this.play = {
        saved: { start: this.selection.get('start')[0] || null, end: this.selection.get('end')[0] || null },
        len, at, step, last,
      };
      this.pending = null;
      this.frame();
    }
    this.play.paused = false;
    this.schedule();
    this.buttons();
  }

  schedule() {
    window.clearTimeout(this.play.timer);
    this.play.timer = window.setTimeout(() => this.advance(), Number(this.controls.speed.value) || 1000);
  }

  frame() {
    const { at, len } = this.play;
    this.selection.setMany({ start: iso(at), end: iso(at + len - DAY) });
  }

  advance() {
    if (!this.play || this.play.paused) return;
    const { last } = this.play;
    if (this.play.at + this.play.len >= last) { this.stop(true); return; } // the last frame was shown
    const step = this.controls.step.value || this.play.step;
    this.play.at = Math.min(shift(this.play.at, step, 1), last - this.play.len);
    this.frame();
    this.schedule();
  }

  pause() {
    if (!this.play) return;
    this.play.paused = true;
    window.clearTimeout(this.play.timer);
    this.buttons();
  }

  // Stop playback; with restore, put back the window from before Play.
  stop(restore = false) {
    if (!this.play) return;
    const { saved } = this.play;
    window.clearTimeout(this.play.timer);
    this.play = null;
    this.buttons();
    if (restore) this.selection.setMany(saved);
  }

  buttons() {
    const playing = Boolean(this.play && !this.play.paused);
    const { play, stop } = this.controls;
    play.setAttribute('aria-pressed', String(playing));
    play.textContent = playing ? `❚❚ ${this.labels.pause}` : `▶ ${this.labels.play}`;
    stop.disabled = !this.play;
    this.canvas.dataset.playing = playing ? 'true' : (this.play ? 'paused' : 'false');
  }

  quick(days) {
    this.stop(false);
    this.pending = null;
    if (days === 'all') { this.selection.setMany({ start: null, end: null }); return; }
    const end = parse(this.config.today);
    this.selection.setMany({ start: iso(end - (Number(days) - 1) * DAY), end: iso(end) });
  }

  // A date as the axis and readout write it, in the interface's language.
  fmt(t, kind) {
    if (!this.format[kind]) {
      const options = {
        day: { day: 'numeric', month: 'short', timeZone: 'UTC' },
        dayYear: { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' },
        month: { month: 'short', timeZone: 'UTC' },
        monthYear: { month: 'short', year: 'numeric', timeZone: 'UTC' },
        year: { year: 'numeric', timeZone: 'UTC' },
      }[kind];
      this.format[kind] = new Intl.DateTimeFormat(this.locale, options);
    }
    return this.format[kind].format(new Date(t));
  }

  // Tick dates for the visible range: the finest of days, weeks, months, quarters and years whose
  // labels (as written in the interface's language) fit side by side.
  ticks(ctx, width) {
    const [first, last] = this.range();
    const days = (last - first) / DAY;
    const candidates = [
      ['day', 1, 'day'], ['day', 2, 'day'], ['week', 1, 'day'], ['week', 2, 'day'],
      ['month', 1, 'month'], ['month', 3, 'month'], ['month', 6, 'month'], ['year', 1, 'year'],
      ['year', 5, 'year'], ['year', 10, 'year'],
    ];
    const approxDays = { day: 1, week: 7, month: 30.4, year: 365.25 };
    let out = [];
    for (const [unit, k, kind] of candidates) {
      if (days / (approxDays[unit] * k) > width / 20) continue; // hopeless: do not even format them
      out = [];
      let t;
      if (unit === 'day') t = floorDay(first);
      else if (unit === 'week') t = monday(floorDay(first));
      else if (unit === 'month') { const d = new Date(first); t = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / k) * k, 1); }
      else { const y = new Date(first).getUTCFullYear(); t = Date.UTC(Math.floor(y / k) * k, 0, 1); }
      let previousYear = null;
      for (let guard = 0; t <= last && guard < 400; guard += 1) {
        if (t >= first) {
          const year = new Date(t).getUTCFullYear();
          let label;
          if (kind === 'year') label = this.fmt(t, 'year');
          else if (kind === 'month') label = this.fmt(t, previousYear !== year ? 'monthYear' : 'month');
          else label = this.fmt(t, previousYear !== year ? 'dayYear' : 'day');
          previousYear = year;
          out.push([t, label]);
        }
        t = unit === 'year' ? Date.UTC(new Date(t).getUTCFullYear() + k, 0, 1) : shift(t, unit, k);
      }
      const widest = Math.max(0, ...out.map(([, label]) => ctx.measureText(label).width));
      const spacing = (approxDays[unit] * k * DAY / (last - first)) * width;
      if (spacing >= widest + 12) return out;
    }
    return out;
  }

  // "day" or "days" as the language counts them (Arabic has six plural forms).
  dayWord(n) {
    const form = new Intl.PluralRules(this.locale).select(n);
    const key = `days${form[0].toUpperCase()}${form.slice(1)}`;
    return this.text[key] || this.text.daysOther;
  }

  // The readout: "5 Mar 2023 – 9 Mar 2023 · 5 days", each date isolated for the bidi algorithm.
  readout(a, b) {
    const box = this.controls.readout;
    box.replaceChildren();
    if (a == null && b == null) { box.textContent = this.text.allDates; return this.text.allDates; }
    const [first, last] = this.extent();
    const from = this.fmt(a ?? first, 'dayYear');
    const to = this.fmt((b ?? last) - DAY, 'dayYear');
    const days = Math.round(((b ?? last) - (a ?? first)) / DAY);
    const one = document.createElement('bdi');
    one.textContent = a == null ? '…' : from;
    const two = document.createElement('bdi');
    two.textContent = b == null ? '…' : to;
    const length = ` · ${days} ${this.dayWord(days)}`;
    box.append(one, ' – ', two, length);
    if (this.pending) box.append(` · ${this.text.applyHint}`);
    return `${one.textContent} – ${two.textContent}${length}`;
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
    ctx.font = '11px system-ui, "Noto Sans", "Noto Sans Arabic", sans-serif';
    ctx.direction = this.rtl ? 'rtl' : 'ltr';
    const data = this.data || { buckets: [], spans: [], unit: 'day' };
    const unit = data.unit || 'day';
    const spans = data.spans || [];
    // Week- and month-dated incidents are lines, so they leave the day bars they were counted in.
    const imprecise = new Map();
    for (const [day, , n] of spans) {
      const key = bucketOf(parse(day), unit);
      imprecise.set(key, (imprecise.get(key) || 0) + n);
    }
    const bars = data.buckets.map(([day, n]) => [parse(day), n - (imprecise.get(parse(day)) || 0)]);
    const laneH = spans.length ? LANE_H : 0;
    const barsBottom = height - AXIS_H - laneH;
    const max = Math.max(1, ...bars.map((b) => b[1]));
    ctx.save();
    ctx.fillStyle = BAR;
    for (const [t, n] of bars) {
      if (n <= 0) continue;
      const x0 = this.xOf(t, width);
      const x1 = this.xOf(unit === 'day' ? t + DAY : shift(t, unit, 1), width);
      const h = (n / max) * (barsBottom - 4);
      ctx.fillRect(Math.min(x0, x1), barsBottom - h, Math.max(1, Math.abs(x1 - x0) - 1), h);
    }
    // One line per week or month, thicker with more incidents, in the lane above the axis.
    ctx.fillStyle = SPAN;
    const spanMax = Math.max(1, ...spans.map((s) => s[2]));
    for (const [day, precision, n] of spans) {
      const [a, b] = spanOf(parse(day), precision);
      const x0 = this.xOf(a, width);
      const x1 = this.xOf(b, width);
      const h = 2 + Math.round((n / spanMax) * (LANE_H - 5));
      const y = barsBottom + (precision === 3 ? LANE_H - h - 1 : 1);
      ctx.globalAlpha = precision === 3 ? 0.55 : 0.85;
      ctx.fillRect(Math.min(x0, x1) + 0.5, y, Math.max(2, Math.abs(x1 - x0) - 1), h);
    }
    ctx.restore();
    if (this.data && !this.data.first) { // nothing dated under these filters: say so, not an empty month
      ctx.fillStyle = AXIS;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(this.text.noDates, width / 2, barsBottom / 2);
    }
    // The axis: a baseline, a tick and a label per date.
    ctx.strokeStyle = AXIS;
    ctx.fillStyle = AXIS;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, height - AXIS_H + 0.5);
    ctx.lineTo(width, height - AXIS_H + 0.5);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const ticks = this.ticks(ctx, width);
    for (const [t, label] of ticks) {
      const x = Math.round(this.xOf(t, width)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, height - AXIS_H);
      ctx.lineTo(x, height - AXIS_H + 4);
      ctx.stroke();
      const w = ctx.measureText(label).width;
      const cx = Math.min(width - w / 2 - 1, Math.max(w / 2 + 1, x));
      ctx.fillText(label, cx, height - AXIS_H + 5);
    }
    // The window.
    const [a, b] = this.shown();
    if (a != null || b != null) {
      const [first, last] = this.range();
      const xa = this.xOf(a ?? first, width);
      const xb = this.xOf(b ?? last, width);
      ctx.fillStyle = this.pending || this.drag ? 'rgba(255, 160, 0, 0.35)' : 'rgba(255, 160, 0, 0.25)';
      ctx.fillRect(Math.min(xa, xb), 0, Math.abs(xb - xa), height - AXIS_H);
      ctx.strokeStyle = '#e65100';
      ctx.strokeRect(Math.min(xa, xb) + 0.5, 0.5, Math.abs(xb - xa) - 1, height - AXIS_H - 1);
    }
    const text = this.readout(a, b);
    // The slider's value for assistive technology: the window as words, days since the first date.
    const [first, last] = this.extent();
    canvas.setAttribute('aria-valuemin', '0');
    canvas.setAttribute('aria-valuemax', String(Math.round((last - first) / DAY)));
    canvas.setAttribute('aria-valuenow', String(Math.max(0, Math.round(((a ?? first) - first) / DAY))));
    canvas.setAttribute('aria-valuetext', text);
    canvas.dataset.buckets = String(data.buckets.length);
    canvas.dataset.spans = String(spans.length);
    canvas.dataset.ticks = ticks.map(([, label]) => label).join('|');
    canvas.dataset.view = this.view ? `${iso(this.view[0])},${iso(this.view[1] - DAY)}` : '';
    this.controls.zoom.disabled = a == null && b == null && !this.pending;
    this.controls.zoomOut.hidden = !this.view;
  }
}
