// Nothing hidden: the incidents without coordinates as a list (the map cannot draw them), the undated
// ones counted beside the timeline (no date window selects them), demo data behind a switch, and the
// list's order. Each control only reads and writes the Selection (the URL); the list, map and
// timeline follow it like any other filter.

// "Hide demo data" starts on as soon as real incidents exist; an explicit choice in the URL wins.
export function applyDemoDefault(selection, config) {
  if (config.hideDemoByDefault && !selection.params.has('demo')) {
    selection.params.set('demo', 'exclude');
    window.history.replaceState(null, '', `?${selection.params}`);
  }
}

export class DemoSwitch {
  constructor(label, { selection, config }) {
    this.selection = selection;
    this.box = label.querySelector('input');
    label.hidden = !config.demoIncidents && !selection.params.has('demo');
    this.box.addEventListener('change', () => {
      selection.setMany({ demo: this.box.checked ? 'exclude' : 'include' });
    });
  }

  sync() { this.box.checked = this.selection.params.get('demo') === 'exclude'; }
}

// "N without coordinates" opens the list of those incidents (located=no); "Back to the map" closes it.
export class UnlocatedToggle {
  constructor({ open, close, head }, { selection }) {
    this.selection = selection;
    this.open = open;
    this.head = head;
    open.addEventListener('click', () => selection.setMany({ located: this.active() ? null : 'no' }));
    close.addEventListener('click', () => selection.setMany({ located: null }));
  }

  active() { return this.selection.params.get('located') === 'no'; }

  sync() {
    this.head.hidden = !this.active();
    this.open.setAttribute('aria-pressed', String(this.active()));
    document.body.classList.toggle('unlocated-mode', this.active());
  }
}

// "N undated" beside the timeline: says how many incidents no date window can show, and lists them.
export class UndatedNote {
  constructor(button, { selection, labels }) {
    this.button = button;
    this.selection = selection;
    this.labels = labels;
    button.addEventListener('click', () => {
      if (this.shown()) selection.setMany({ dated: null });
      else selection.setMany({ dated: 'no', start: null, end: null });
    });
  }

  shown() { return this.selection.params.get('dated') === 'no'; }

  // timeline: the /api/timeline answer (counts under every filter but the date window).
  update(timeline) {
    const n = (timeline && timeline.undated) || 0;
    const windowed = this.selection.params.has('start') || this.selection.params.has('end');
    this.button.hidden = !n && !this.shown();
    this.button.setAttribute('aria-pressed', String(this.shown()));
    this.button.classList.toggle('warn', windowed && n > 0);
    const L = this.labels;
    this.button.textContent = `${n} ${this.shown() ? L.undatedShown : (windowed ? L.undatedOutside : L.undated)}`;
  }
}

export class ListSort {
  constructor(select, { selection }) {
    this.select = select;
    this.selection = selection;
    select.addEventListener('change', () => {
      selection.setMany({ sort: select.value === 'newest' ? null : select.value });
    });
  }

  sync() { this.select.value = this.selection.params.get('sort') || 'newest'; }
}
