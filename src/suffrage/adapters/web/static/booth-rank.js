// The booth's ranking of a `rank` contest (docs/protocol.md 7.16): the voter gives each
// candidate a rank, 1 for the first choice, or none (0). Three ways to do it, all on the
// same state (one <select> of rank per candidate, which is what the ballot reads):
// drag a candidate to its place, use its Up / Down / Remove / Add buttons (every change is
// announced in a live region), or choose its rank in its select (the plain fallback, which
// may leave a rank twice or a gap: the field says so in plain words until it is fixed).
// Exposes `SuffrageRanking.create(text)` (text: the page's js_rank. catalogue section).
"use strict";
(function (root) {
  // The numbers of candidates a valid ranking may rank: k ranks sum to k(k+1)/2, which the
  // contest's sum proof bounds by min..max (7.4, 7.16).
  function bounds(contest) {
    const m = contest.options.length;
    let lo = 0;
    while ((lo * (lo + 1)) / 2 < contest.min) lo += 1;
    let hi = m;
    while (hi > 0 && (hi * (hi + 1)) / 2 > contest.max) hi -= 1;
    return { lo, hi, m };
  }

  // Candidates with a rank, by rank (then by ballot order), and those without.
  function arrangement(values) {
    const ranked = [];
    const unranked = [];
    values.forEach((v, j) => (v > 0 ? ranked : unranked).push(j));
    ranked.sort((a, b) => values[a] - values[b] || a - b);
    return { ranked, unranked };
  }

  function create(text) {
    function T(key, values) {
      const template = Object.prototype.hasOwnProperty.call(text, key) ? text[key] : key;
      return template.replace(/\{(\w+)\}/g, (m, name) => (values && name in values ? String(values[name]) : m));
    }

    function hint(contest) {
      const { lo, hi, m } = bounds(contest);
      if (lo === m && hi === m) return T("hint_all", { m });
      if (lo <= 1 && hi === m) return T("hint_any");
      if (lo === hi) return T("hint_exactly", { n: lo });
      return T("hint_between", { lo: Math.max(lo, 1), hi });
    }

    // What stops `values` from being a valid ranking of this contest, in plain words.
    function problems(contest, values) {
      const out = [];
      const names = contest.options.map((o) => o.title);
      const holders = new Map();
      values.forEach((v, j) => {
        if (v > 0) holders.set(v, [...(holders.get(v) || []), names[j]]);
      });
      for (const rank of [...holders.keys()].sort((a, b) => a - b)) {
        const who = holders.get(rank);
        if (who.length > 1) out.push(T("err_twice", { rank, names: who.join(", ") }));
      }
      const top = Math.max(0, ...values);
      for (let rank = 1; rank < top; rank += 1) {
        if (!holders.has(rank)) {
          out.push(T("err_gap", { rank, next: [...holders.keys()].filter((r) => r > rank).sort((a, b) => a - b)[0] }));
          break;
        }
      }
      const n = values.filter((v) => v > 0).length;
      const { lo, hi } = bounds(contest);
      if (n < lo) out.push(n === 0 ? T("err_none") : T("err_too_few", { n, lo }));
      if (n > hi) out.push(T("err_too_many", { n, hi }));
      return out;
    }

    // The ranking for the review and audit steps: an ordered list, then who is not ranked.
    function summary(contest, values) {
      const box = document.createElement("div");
      const { ranked, unranked } = arrangement(values);
      if (ranked.length === 0) {
        box.textContent = T("nothing_ranked");
        return box;
      }
      const list = document.createElement("ol");
      list.className = "ranked-summary";
      for (const j of ranked) {
        const li = document.createElement("li");
        const number = document.createElement("span");
        number.className = "rank-number";
        number.textContent = String(values[j]);
        li.append(number, document.createTextNode(contest.options[j].title));
        list.appendChild(li);
      }
      box.appendChild(list);
      if (unranked.length) {
        const rest = document.createElement("p");
        rest.className = "help";
        rest.textContent = T("not_ranked_list", { names: unranked.map((j) => contest.options[j].title).join(", ") });
        box.appendChild(rest);
      }
      return box;
    }

    function field(contest) {
      return new RankField(contest, T, hint, problems).element;
    }

    return { bounds, field, hint, problems, summary, values: readValues };
  }

  // The ranks chosen in a field made by `field`, one per option in ballot order.
  function readValues(fieldset) {
    const selects = [...fieldset.querySelectorAll("select[data-index]")];
    const values = new Array(selects.length).fill(0);
    for (const s of selects) values[Number(s.dataset.index)] = Number.parseInt(s.value, 10) || 0;
    return values;
  }

  class RankField {
    constructor(contest, T, hint, problems) {
      this.contest = contest;
      this.T = T;
      this.problems = problems;
      this.dragging = null;
      this.element = this.build(hint(contest));
      this.arrange();
    }

    make(tag, props) {
      const el = document.createElement(tag);
      Object.assign(el, props || {});
      return el;
    }

    build(hintText) {
      const c = this.contest;
      const T = this.T;
      const fs = this.make("fieldset", { id: `contest-${c.id}` });
      fs.classList.add("ranking");
      fs.dataset.contest = c.id;
      fs.dataset.kind = "rank";
      fs.appendChild(this.make("legend", { textContent: c.title }));
      const hintP = this.make("p", { className: "help", id: `hint-${c.id}`, textContent: hintText });
      const how = this.make("p", { className: "help", id: `how-${c.id}`, textContent: T("how") });
      fs.append(hintP, how);
      fs.setAttribute("aria-describedby", `${hintP.id} ${how.id}`);
      this.ranked = this.list("ol", "ranked", T("your_ranking"));
      this.emptyNote = this.make("p", { className: "rank-empty", textContent: T("empty_ranking") });
      this.unranked = this.list("ul", "unranked", T("not_ranked"));
      this.allNote = this.make("p", { className: "rank-empty", textContent: T("all_ranked") });
      this.counter = this.make("p", { className: "counter" });
      this.counter.setAttribute("aria-live", "polite");
      this.problemList = this.make("ul", { className: "rank-problems" });
      this.problemList.setAttribute("aria-live", "polite");
      this.announcer = this.make("p", { className: "visually-hidden" });
      this.announcer.setAttribute("aria-live", "polite");
      fs.append(this.ranked.heading, this.ranked.list, this.emptyNote);
      fs.append(this.unranked.heading, this.unranked.list, this.allNote);
      fs.append(this.counter, this.problemList, this.announcer);
      this.rows = c.options.map((option, j) => this.row(option, j));
      for (const r of this.rows) this.unranked.list.appendChild(r);
      fs.addEventListener("change", (ev) => this.changed(ev));
      fs.addEventListener("click", (ev) => this.clicked(ev));
      fs.addEventListener("dragstart", (ev) => this.dragStart(ev));
      fs.addEventListener("dragend", () => this.dragEnd());
      for (const part of [this.ranked, this.unranked]) {
        part.list.addEventListener("dragover", (ev) => this.dragOver(ev, part));
        part.list.addEventListener("dragleave", (ev) => this.dragLeave(ev, part));
        part.list.addEventListener("drop", (ev) => this.drop(ev, part));
      }
      return fs;
    }

    list(tag, which, title) {
      const id = `${which}-${this.contest.id}`;
      const heading = this.make("h3", { className: "rank-heading", id, textContent: title });
      const list = this.make(tag, { className: "rank-list" });
      list.classList.add(which);
      list.dataset.list = which;
      list.setAttribute("aria-labelledby", id);
      return { which, heading, list };
    }

    row(option, j) {
      const T = this.T;
      const id = `opt-${this.contest.id}-${j}`;
      const li = this.make("li", { className: "rank-row", draggable: true });
      li.dataset.index = String(j);
      li.dataset.option = option.id;
      const grip = this.make("span", { className: "rank-grip", textContent: "⠿" });
      grip.setAttribute("aria-hidden", "true");
      const label = this.make("label", { className: "rank-name", htmlFor: id, textContent: option.title });
      const select = this.make("select", { id });
      select.dataset.index = String(j);
      select.dataset.option = option.id;
      select.appendChild(this.make("option", { value: "0", textContent: T("no_rank") }));
      for (let k = 1; k <= this.contest.options.length; k += 1) {
        select.appendChild(this.make("option", { value: String(k), textContent: T("rank_n", { rank: k }) }));
      }
      const moves = this.make("div", { className: "rank-moves" });
      for (const [act, arrow, words] of [
        ["up", "↑", T("up")],
        ["down", "↓", T("down")],
        ["remove", "×", T("remove")],
        ["add", "+", T("add")],
      ]) {
        const b = this.make("button", { type: "button", className: "secondary" });
        b.dataset.act = act;
        const icon = this.make("span", { textContent: arrow });
        icon.setAttribute("aria-hidden", "true");
        const who = this.make("span", { className: "visually-hidden", textContent: ` ${option.title}` });
        b.append(icon, document.createTextNode(words), who);
        moves.appendChild(b);
      }
      li.append(grip, label, select, moves);
      return li;
    }

    select(j) {
      return this.rows[j].querySelector("select");
    }

    values() {
      return readValues(this.element);
    }

    name(j) {
      return this.contest.options[j].title;
    }

    // Give the candidates `order` the ranks 1, 2, ... and the others none.
    setOrder(order) {
      this.rows.forEach((_, j) => (this.select(j).value = "0"));
      order.forEach((j, k) => (this.select(j).value = String(k + 1)));
    }

    // Put the rows where their ranks say, keeping the focus where it was; update the status.
    arrange(focus) {
      const values = this.values();
      const { ranked, unranked } = arrangement(values);
      const active = focus || (this.element.contains(document.activeElement) ? document.activeElement : null);
      this.place(this.ranked.list, ranked);
      this.place(this.unranked.list, unranked);
      ranked.forEach((j, k) => this.buttons(j, true, k === 0, k === ranked.length - 1));
      unranked.forEach((j) => this.buttons(j, false, false, false));
      this.emptyNote.hidden = ranked.length > 0;
      this.allNote.hidden = unranked.length > 0;
      if (active && document.activeElement !== active && !active.hidden) active.focus();
      this.status(values);
    }

    place(list, order) {
      const current = [...list.children].map((li) => Number(li.dataset.index));
      if (current.length === order.length && current.every((j, k) => j === order[k])) return;
      for (const j of order) list.appendChild(this.rows[j]);
    }

    buttons(j, ranked, first, last) {
      for (const b of this.rows[j].querySelectorAll("button[data-act]")) {
        const act = b.dataset.act;
        b.hidden = ranked ? act === "add" : act !== "add";
        const stuck = (act === "up" && first) || (act === "down" && last);
        if (stuck) b.setAttribute("aria-disabled", "true");
        else b.removeAttribute("aria-disabled");
      }
      this.rows[j].classList.toggle("is-ranked", ranked);
    }

    status(values) {
      const n = values.filter((v) => v > 0).length;
      this.counter.textContent = this.T("counter", { n, m: values.length });
      const found = this.problems(this.contest, values);
      const shown = [...this.problemList.children].map((li) => li.textContent);
      if (shown.join("\n") !== found.join("\n")) {
        this.problemList.replaceChildren(...found.map((p) => this.make("li", { textContent: p })));
      }
      this.counter.classList.toggle("over", found.length > 0 && n > 0);
    }

    announce(message) {
      this.announcer.textContent = "";
      // a fresh text node, so that the same words said twice are announced twice
      setTimeout(() => (this.announcer.textContent = message), 50);
    }

    placeWords(j) {
      const v = this.values()[j];
      return v > 0 ? this.T("now_ranked", { name: this.name(j), rank: v }) : this.T("now_unranked", { name: this.name(j) });
    }

    changed(ev) {
      const select = ev.target.closest("select[data-index]");
      if (!select) return;
      this.arrange(select);
      this.announce(this.placeWords(Number(select.dataset.index)));
    }

    clicked(ev) {
      const b = ev.target.closest("button[data-act]");
      if (!b) return;
      const j = Number(b.closest("li.rank-row").dataset.index);
      const order = arrangement(this.values()).ranked;
      const at = order.indexOf(j);
      const act = b.dataset.act;
      if ((act === "up" && at === 0) || (act === "down" && at === order.length - 1)) {
        const name = this.name(j);
        this.announce(act === "up" ? this.T("already_first", { name }) : this.T("already_last", { name }));
        return;
      }
      if (act === "up" || act === "down") {
        const k = act === "up" ? at - 1 : at + 1;
        [order[at], order[k]] = [order[k], order[at]];
      } else if (act === "remove") {
        order.splice(at, 1);
      } else if (at < 0) {
        order.push(j);
      }
      this.setOrder(order);
      const next = act === "remove" ? "add" : act === "add" ? "remove" : act;
      this.arrange(this.rows[j].querySelector(`button[data-act=${next}]`));
      this.announce(this.placeWords(j));
    }

    // Drag and drop: a row dropped on "your ranking" takes the place it is dropped at
    // (before the first row whose middle is below the pointer); dropped on "not ranked",
    // it loses its rank.
    dragStart(ev) {
      const row = ev.target.closest && ev.target.closest("li.rank-row");
      if (!row || !this.element.contains(row)) return;
      this.dragging = row;
      row.classList.add("dragging");
      ev.dataTransfer.effectAllowed = "move";
      ev.dataTransfer.setData("text/plain", row.dataset.option);
    }

    dragEnd() {
      if (this.dragging) this.dragging.classList.remove("dragging");
      this.dragging = null;
      this.clearMarks();
    }

    clearMarks() {
      for (const el of this.element.querySelectorAll(".drop-target, .drop-before, .drop-after")) {
        el.classList.remove("drop-target", "drop-before", "drop-after");
      }
    }

    slot(part, y) {
      const rows = [...part.list.children].filter((li) => li !== this.dragging);
      const k = rows.findIndex((li) => {
        const box = li.getBoundingClientRect();
        return y < box.top + box.height / 2;
      });
      return { rows, k: k < 0 ? rows.length : k };
    }

    dragOver(ev, part) {
      if (!this.dragging) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
      this.clearMarks();
      part.list.classList.add("drop-target");
      if (part.which !== "ranked") return;
      const { rows, k } = this.slot(part, ev.clientY);
      if (k < rows.length) rows[k].classList.add("drop-before");
      else if (rows.length) rows[rows.length - 1].classList.add("drop-after");
    }

    dragLeave(ev, part) {
      if (!part.list.contains(ev.relatedTarget)) part.list.classList.remove("drop-target");
    }

    drop(ev, part) {
      if (!this.dragging) return;
      ev.preventDefault();
      const j = Number(this.dragging.dataset.index);
      const order = arrangement(this.values()).ranked.filter((i) => i !== j);
      if (part.which === "ranked") {
        const { rows, k } = this.slot(part, ev.clientY);
        const before = k < rows.length ? Number(rows[k].dataset.index) : -1;
        const at = before < 0 ? order.length : order.indexOf(before);
        order.splice(at < 0 ? order.length : at, 0, j);
      }
      this.dragEnd();
      this.setOrder(order);
      this.arrange();
      this.announce(this.placeWords(j));
    }
  }

  root.SuffrageRanking = { create, bounds, arrangement };
})(typeof globalThis !== "undefined" ? globalThis : window);
