/* The guide's search box: Pagefind's index for this language, queried as the reader types.
 * Built by persona.guide.search, which fills in the labels. Nothing here leaves the site:
 * the index, its WebAssembly and this script are files next to the pages. Every text shown
 * (titles, excerpts, the query) is set as text, never as HTML. */
(() => {
  "use strict";
  const LABELS = /*persona-search-labels*/{};
  const script = document.currentScript;
  const header = document.querySelector(".md-header__inner");
  if (!script || !header) return;
  const base = new URL("..", script.src); // assets/persona-search.js → this language's root

  // The same rule as persona.guide.search.search_form: marks removed, and و/ف before ال dropped
  // (Pagefind's Arabic stemmer strips every other proclitic itself).
  const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD\u061C]+/g;
  const ARABIC_WORD = /[\u0621-\u063A\u0640-\u065F\u066E-\u066F\u0670-\u06D3\u06D5-\u06ED]+/g;
  const CONJUNCTION_BEFORE_ARTICLE = /^[وف](?=ال[\u0621-\u064A]{2})/;
  const searchForm = (word) => word.replace(MARKS, "").replace(CONJUNCTION_BEFORE_ARTICLE, "");
  const queryForm = (query) => query.replace(ARABIC_WORD, searchForm);

  const make = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text) node.textContent = text;
    return node;
  };
  const box = make("div", { class: "pg-search", role: "search" });
  const input = make("input", {
    id: "pg-search-input", class: "pg-search__input", type: "search", placeholder: LABELS.placeholder,
    autocomplete: "off", spellcheck: "false", enterkeyhint: "search",
    "aria-controls": "pg-search-results", "aria-describedby": "pg-search-status",
  });
  const panel = make("div", { class: "pg-search__panel", hidden: "" });
  const status = make("p", { id: "pg-search-status", class: "pg-search__status", role: "status" });
  const list = make("ol", { id: "pg-search-results", class: "pg-search__results", "aria-label": LABELS.results });
  panel.append(status, list);
  const icon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  icon.setAttribute("class", "pg-search__icon");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  const glass = document.createElementNS(icon.namespaceURI, "path");
  glass.setAttribute("d", "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5");
  icon.append(glass);
  box.append(make("label", { for: input.id, class: "pg-search__label" }, LABELS.label), input, icon, panel);
  header.insertBefore(box, header.querySelector(".md-header__source"));

  let pagefind = null;
  const load = () => {
    pagefind ??= import(new URL("pagefind/pagefind.js", base).href).then(async (module) => {
      await module.options({ excerptLength: 30 });
      await module.init();
      return module;
    });
    return pagefind;
  };

  const count = (n) => {
    const key = n === 1 ? "one" : n === 2 ? "two" : n <= 10 ? "few" : "many";
    return LABELS[key].replace("{count}", String(n));
  };

  const rtl = document.documentElement.dir === "rtl";
  const foreign = (word) => (rtl ? /[A-Za-z]/.test(word) && !/[\u0600-\u06FF]/.test(word) : /[\u0600-\u06FF]/.test(word));

  // An excerpt from the page's own words: the hidden block of extra forms at the end of the
  // content (its word count is the "forms" metadata) is never shown.
  const excerpt = (data) => {
    const words = data.content.split(/[\r\n\s]+/g);
    const visible = words.length - (parseInt(data.meta.forms || "0", 10) || 0);
    const hits = data.locations.filter((at) => at < visible);
    let start = 0;
    if (hits.length) {
      let best = -1;
      for (const at of hits) {
        const inside = hits.filter((other) => other >= at && other < at + 20).length;
        if (inside > best) [best, start] = [inside, Math.max(0, at - 8)];
      }
    }
    const span = make("span", { class: "pg-search__excerpt" });
    const end = Math.min(visible, start + 30);
    if (start > 0) span.append("… ");
    let run = null; // a run of words in the other script, isolated so that it keeps its order
    for (let at = start; at < end; at += 1) {
      const word = words[at];
      if (!foreign(word)) run = null;
      else if (!run) span.append((run = make("bdi")));
      const into = run || span;
      into.append(hits.includes(at) ? make("mark", {}, word) : word);
      if (at + 1 < end) (run && foreign(words[at + 1]) ? run : span).append(" ");
    }
    if (end < visible) span.append(" …");
    return [span, hits[0]];
  };

  const section = (data, hit) => {
    const sub = (data.sub_results || []).find((s) => hit !== undefined && s.locations && s.locations.includes(hit));
    return sub && sub.title !== data.meta.title ? sub : null;
  };

  const render = (query, total, results) => {
    list.replaceChildren();
    list.dataset.query = query; // what the list shows results for (tests wait on it)
    status.textContent = total ? count(total) : LABELS.none.replace("{query}", query);
    for (const data of results) {
      const [text, hit] = excerpt(data);
      const sub = section(data, hit);
      const link = make("a", { class: "pg-search__link", href: sub ? sub.url : data.url });
      link.append(make("span", { class: "pg-search__title" }, data.meta.title || data.url));
      if (sub) link.append(make("span", { class: "pg-search__section" }, sub.title));
      link.append(text);
      const item = make("li", { class: "pg-search__result" });
      item.append(link);
      list.append(item);
    }
  };

  let asked = 0;
  const run = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    if (!query) { close(); return; }
    panel.hidden = false;
    if (!list.children.length) status.textContent = LABELS.loading;
    try {
      const module = await load();
      const found = await module.search(queryForm(query));
      const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      if (mine === asked) render(query, found.results.length, top);
    } catch (error) {
      if (mine === asked) { list.replaceChildren(); status.textContent = LABELS.failed; }
      throw error;
    }
  };
  const close = () => { panel.hidden = true; list.replaceChildren(); delete list.dataset.query; status.textContent = ""; };

  let timer = 0;
  input.addEventListener("focus", () => { load().catch(() => {}); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  const links = () => [...list.querySelectorAll("a")];
  box.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") { input.value = ""; close(); input.focus(); event.preventDefault(); }
    else if (event.key === "ArrowDown" && all.length) { all[Math.min(at + 1, all.length - 1)].focus(); event.preventDefault(); }
    else if (event.key === "ArrowUp" && at >= 0) { (at === 0 ? input : all[at - 1]).focus(); event.preventDefault(); }
    else if (event.key === "Enter" && event.target === input && all.length) { all[0].click(); event.preventDefault(); }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus();
      event.preventDefault();
    }
  });
  document.addEventListener("click", (event) => { if (!box.contains(event.target)) panel.hidden = true; });
  list.addEventListener("click", () => { panel.hidden = true; });
  input.addEventListener("click", () => { if (input.value.trim() && list.children.length) panel.hidden = false; });

  window.personaSearch = { searchForm, queryForm };
})();
