// The drafting desk: checks the draft as you type, marks each finding where it is, applies fixes,
// rewrites into each voice. Talks only to this server's /api/v1/. No dependency, nothing fetched elsewhere.
"use strict";
(() => {
  const LANG = document.documentElement.lang === "ar" ? "ar" : "en";
  const STRINGS = {
    en: {
      title: "Drafting desk", skip: "Skip to the draft", links: "Links", other_language: "العربية", guide: "Style guide",
      token_label: "Access token (PERSONA_TOKEN)", token_save: "Use this token",
      token_hint: "This server is reachable beyond this machine; ask its administrator for the token. It is kept in this tab only.",
      context: "Context", persona: "Voice", every_voice: "Every voice", channel: "Channel",
      default_channel: "The voice's first channel", intent: "Intent", no_intent: "Not set", draft: "Your draft",
      draft_help: "Findings appear as you type. Ctrl+Enter rewrites the draft.", xcount_label: "Length as X counts it",
      findings: "Findings", rewrite_heading: "Rewrite", backend: "Rewriter", backend_rules: "Rules (offline)",
      backend_model: "The server's model", rewrite: "Rewrite", rewriting: "Rewriting…", checking: "Checking…",
      no_findings: "No findings: this draft fits the voice.", empty: "Type or paste a draft to check it.",
      score: "score {0}", apply_fix: "Apply fix", apply_unsafe: "Apply fix (check it)", replace_with: "Replace with “{0}”",
      show: "Show in draft", fix_applied: "Fix applied: “{0}” → “{1}”.", fixes_display: "Suggested: {0}",
      copy: "Copy", copied: "Copied the {0} version.", copy_failed: "Could not copy; select the text and copy it.",
      changes: "What changed", no_changes: "Nothing changed.", remaining: "What remains", none_remaining: "Nothing remains.",
      meaning: "Meaning", meaning_kept: "No meaning finding.", meaning_changed: "Changed:",
      added: "added", removed: "removed", arrow: "→", quote: "“{0}”", findings_count: "{0} findings", one_finding: "1 finding",
      error: "error", warning: "warning", suggestion: "suggestion", token_needed: "Enter the access token first.",
      failed: "The server refused: {0}", offline: "The server did not answer.", result_for: "{0}",
      x_count: "X {0}/{1}", over_by: " ({0} over)", whole_draft: "the whole draft", at: "at",
    },
    ar: {
      title: "مكتب الصياغة", skip: "انتقل إلى المسودة", links: "روابط", other_language: "English", guide: "دليل الأسلوب",
      token_label: "رمز الوصول (PERSONA_TOKEN)", token_save: "استخدم هذا الرمز",
      token_hint: "هذا الخادم متاح خارج هذا الجهاز؛ اطلب الرمز من مسؤوله. يُحفظ في هذه النافذة فقط.",
      context: "السياق", persona: "الصوت", every_voice: "كل الأصوات", channel: "المنصة",
      default_channel: "أول منصة للصوت", intent: "الغرض", no_intent: "غير محدد", draft: "مسودتك",
      draft_help: "تظهر الملاحظات أثناء الكتابة. Ctrl+Enter لإعادة الصياغة.", xcount_label: "الطول كما تحسبه منصة X",
      findings: "الملاحظات", rewrite_heading: "إعادة الصياغة", backend: "أداة الصياغة", backend_rules: "القواعد (دون اتصال)",
      backend_model: "نموذج الخادم", rewrite: "أعد الصياغة", rewriting: "جارٍ إعادة الصياغة…", checking: "جارٍ التدقيق…",
      no_findings: "لا ملاحظات: المسودة تناسب هذا الصوت.", empty: "اكتب مسودة أو الصقها لتدقيقها.",
      score: "الدرجة {0}", apply_fix: "طبّق التصحيح", apply_unsafe: "طبّق التصحيح (راجعه)", replace_with: "استبدل بـ «{0}»",
      show: "أظهره في المسودة", fix_applied: "طُبّق التصحيح: «{0}» ← «{1}».", fixes_display: "مقترح: {0}",
      copy: "انسخ", copied: "نُسخت صيغة {0}.", copy_failed: "تعذر النسخ؛ حدد النص وانسخه.",
      changes: "ما تغيّر", no_changes: "لم يتغير شيء.", remaining: "ما تبقى", none_remaining: "لم يتبق شيء.",
      meaning: "المعنى", meaning_kept: "لا ملاحظة على المعنى.", meaning_changed: "تغيّر:",
      added: "أضيف", removed: "حُذف", arrow: "←", quote: "«{0}»", findings_count: "{0} ملاحظات", one_finding: "ملاحظة واحدة",
      error: "خطأ", warning: "تنبيه", suggestion: "اقتراح", token_needed: "أدخل رمز الوصول أولًا.",
      failed: "رفض الخادم الطلب: {0}", offline: "لم يستجب الخادم.", result_for: "{0}",
      x_count: "X ‏{0}/{1}", over_by: " (زيادة {0})", whole_draft: "المسودة كلها", at: "عند",
    },
  };
  const T = (key, ...values) => (STRINGS[LANG][key] ?? STRINGS.en[key] ?? key)
    .replace(/\{(\d)\}/g, (_, i) => String(values[Number(i)] ?? ""));
  const $ = (id) => document.getElementById(id);
  const SEVERITY_ORDER = { suggestion: 1, warning: 2, error: 3 };
  const DEBOUNCE_MS = 250;

  const draft = $("draft"), marks = $("marks"), backdrop = $("backdrop"), statusLine = $("status");
  const personaSelect = $("persona"), channelSelect = $("channel"), intentSelect = $("intent");
  const state = { personas: [], checked: null, seq: 0, timer: 0, statusIsError: false };

  // -- page text in the desk's language -----------------------------------------------------
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = T(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", T(el.dataset.i18nLabel));
  document.title = T("title");
  $("other-language").href = LANG === "ar" ? "/desk/en/" : "/desk/ar/";
  $("other-language").lang = LANG === "ar" ? "en" : "ar";
  $("guide-link").href = `/guide/${LANG}/`;

  const say = (text, isError = false) => { statusLine.textContent = text; state.statusIsError = isError; };
  const clearError = () => { if (state.statusIsError) say(""); };
  const nameOf = (name) => (typeof name === "string" ? name : name?.[LANG] ?? name?.en ?? name?.ar ?? "");
  const personaName = (id) => nameOf(state.personas.find((p) => p.id === id)?.name) || id;

  // -- the API -----------------------------------------------------------------------------------
  const TOKEN_KEY = "persona-desk-token";
  const tokenNeeded = document.documentElement.dataset.tokenNeeded === "true";
  function askForToken() {
    $("token-form").hidden = false;
    $("token").focus();
  }
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    $("token-form").hidden = true;
    start();
  });

  async function api(path, body) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    const init = { headers, cache: "no-store" };
    if (body !== undefined) {
      init.method = "POST";
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`/api/v1/${path}`, init);
    } catch (err) {
      throw new Error(T("offline"));
    }
    const document_ = await response.json().catch(() => null);
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken();
    }
    if (!response.ok) {
      const error = document_?.error;
      const where = error?.field ? `${error.field}: ` : "";
      throw new Error(T("failed", `${where}${error?.message ?? response.status}`));
    }
    return document_;
  }

  // -- offsets: the API counts code points, the page UTF-16 units -----------------------------------
  function unitOffsets(text) {
    const units = [0];
    let at = 0;
    for (const ch of text) { at += ch.length; units.push(at); }
    return units; // units[codePointIndex] = UTF-16 index
  }

  // -- context pickers -----------------------------------------------------------------------------------
  function option(value, label) {
    const el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    return el;
  }
  function fillContext() {
    const chosen = state.personas.filter((p) => personaSelect.value === "all" || p.id === personaSelect.value);
    const keepChannel = channelSelect.value, keepIntent = intentSelect.value;
    const channels = [...new Set(chosen.flatMap((p) => p.channels))];
    const intents = [...new Set(chosen.flatMap((p) => p.intents))];
    channelSelect.replaceChildren(option("", T("default_channel")), ...channels.map((c) => option(c, c)));
    intentSelect.replaceChildren(option("", T("no_intent")), ...intents.map((i) => option(i, i.replace(/_/g, " "))));
    if (channels.includes(keepChannel)) channelSelect.value = keepChannel;
    if (intents.includes(keepIntent)) intentSelect.value = keepIntent;
  }
  async function loadPersonas() {
    const listing = await api("personas");
    state.personas = listing.personas;
    personaSelect.replaceChildren(option("all", T("every_voice")),
      ...state.personas.map((p) => option(p.id, nameOf(p.name))));
    const wanted = new URLSearchParams(location.search).get("persona");
    personaSelect.value = state.personas.some((p) => p.id === wanted) ? wanted : (state.personas[0]?.id ?? "all");
    fillContext();
  }

  // -- checking as you type ---------------------------------------------------------------------------
  function targets() {
    return personaSelect.value === "all" ? state.personas.map((p) => p.id) : [personaSelect.value];
  }
  function context(personaId) {
    const body = { persona: personaId };
    const persona = state.personas.find((p) => p.id === personaId);
    if (channelSelect.value && (!persona || persona.channels.includes(channelSelect.value))) body.channel = channelSelect.value;
    if (intentSelect.value) body.intent = intentSelect.value;
    return body;
  }
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(checkNow, DEBOUNCE_MS);
    syncMarks(state.checked && state.checked.text === draft.value ? state.checked : null);
  }
  async function checkNow() {
    clearTimeout(state.timer);
    const text = draft.value, seq = ++state.seq;
    if (!state.personas.length) return;
    const ids = targets();
    try {
      const [documents, count] = await Promise.all([
        Promise.all(ids.map((id) => api("check", { text, ...context(id) }))),
        api("count", { text, ...(ids.length === 1 ? context(ids[0]) : {}) }),
      ]);
      if (seq !== state.seq) return; // a newer check is on its way
      state.checked = { text, results: documents.map((d) => d.results[0]) };
      showCount(count);
      renderFindings();
      syncMarks(state.checked);
      clearError();
    } catch (err) {
      if (seq === state.seq) say(err.message, true);
    }
  }
  function showCount(count) {
    const out = $("xcount");
    const over = count.x.length - count.x.max_length;
    out.textContent = T("x_count", count.x.length, count.x.max_length) + (over > 0 ? T("over_by", over) : "");
    out.classList.toggle("over", over > 0);
    out.dataset.length = String(count.x.length);
  }

  // -- marks under the text ------------------------------------------------------------------------------
  function allFindings(checked) {
    return checked ? checked.results.flatMap((r) => r.findings.map((f) => ({ ...f, persona: r.persona }))) : [];
  }
  function syncMarks(checked) {
    const text = draft.value;
    const findings = allFindings(checked).filter((f) => f.end > f.start);
    const units = unitOffsets(text);
    const bounds = new Set([0, text.length]);
    const spans = findings.map((f) => ({ from: units[f.start] ?? text.length, to: units[f.end] ?? text.length, f }));
    for (const s of spans) { bounds.add(s.from); bounds.add(s.to); }
    const points = [...bounds].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i], to = points[i + 1];
      const piece = text.slice(from, to);
      const covering = spans.filter((s) => s.from <= from && s.to >= to);
      if (!covering.length) { fragment.append(piece); continue; }
      const worst = covering.reduce((a, b) => (SEVERITY_ORDER[b.f.severity] > SEVERITY_ORDER[a.f.severity] ? b : a)).f;
      const mark = document.createElement("mark");
      mark.className = worst.severity;
      mark.dataset.rules = covering.map((s) => s.f.rule).join(" ");
      mark.dataset.start = String(covering[0].f.start);
      mark.textContent = piece;
      fragment.append(mark);
    }
    fragment.append("\u200b\n"); // the textarea's last empty line takes room too
    marks.replaceChildren(fragment);
    marks.dir = draft.dir === "auto" ? "auto" : draft.dir;
    syncScroll();
  }
  function syncScroll() {
    backdrop.scrollTop = draft.scrollTop;
    backdrop.scrollLeft = draft.scrollLeft;
  }

  // -- the list of findings ------------------------------------------------------------------------------
  function fixOf(finding) {
    if (finding.fix && Array.isArray(finding.fix.edits) && finding.fix.edits.length) return finding.fix;
    if (finding.fix) return null; // a fix with no edits: nothing to apply
    if (finding.suggestion != null && finding.end > finding.start) {
      return { applicability: "unsafe", edits: [{ start: finding.start, end: finding.end, text: finding.suggestion }] };
    }
    return null;
  }
  function renderFindings() {
    const box = $("findings");
    box.replaceChildren();
    if (!state.checked) return;
    if (!state.checked.text.trim()) {
      box.append(paragraph(T("empty"), "empty"));
      $("score").textContent = "";
      return;
    }
    const results = state.checked.results;
    $("score").textContent = results.length === 1 ? `(${T("score", results[0].score)})` : "";
    for (const result of results) {
      const container = results.length > 1 ? document.createElement("section") : box;
      if (results.length > 1) {
        container.className = "voice-group";
        const heading = document.createElement("h3");
        heading.textContent = `${personaName(result.persona)} · ${T("score", result.score)}`;
        container.append(heading);
        box.append(container);
      }
      if (!result.findings.length) { container.append(paragraph(T("no_findings"), "empty")); continue; }
      const list = document.createElement("ol");
      result.findings.forEach((finding, index) => list.append(findingItem(result, finding, index)));
      container.append(list);
    }
  }
  function paragraph(text, className) {
    const p = document.createElement("p");
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }
  function findingItem(result, finding, index) {
    const item = document.createElement("li");
    item.className = `finding ${finding.severity}`;
    item.dataset.rule = finding.rule;
    item.dataset.start = String(finding.start);
    item.dataset.end = String(finding.end);
    const head = document.createElement("div");
    head.className = "head";
    const sev = document.createElement("span");
    sev.className = `sev ${finding.severity}`;
    sev.textContent = T(finding.severity);
    const rule = document.createElement("span");
    rule.className = "rule";
    rule.textContent = finding.rule;
    rule.dir = "ltr";
    head.append(sev, rule);
    if (finding.match) {
      const match = document.createElement("bdi");
      match.className = "match";
      match.textContent = T("quote", finding.match);
      head.append(match);
    } else {
      head.append(document.createTextNode(T("whole_draft")));
    }
    const message = document.createElement("p");
    message.className = "message";
    message.dir = "auto";
    message.textContent = finding.message;
    const actions = document.createElement("div");
    actions.className = "actions";
    const fix = fixOf(finding);
    if (fix && fix.applicability !== "display") {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "apply";
      const replacement = fix.edits.map((e) => e.text).join(" … ");
      button.textContent = fix.applicability === "safe" ? T("apply_fix") : T("apply_unsafe");
      button.setAttribute("aria-label", `${button.textContent}: ${T("replace_with", replacement)}`);
      button.title = T("replace_with", replacement);
      button.addEventListener("click", () => applyFix(finding, fix));
      actions.append(button);
    } else if (fix) {
      actions.append(paragraph(T("fixes_display", fix.edits.map((e) => e.text).join(" … ")), "hint"));
    }
    if (finding.end > finding.start) {
      const show = document.createElement("button");
      show.type = "button";
      show.className = "secondary";
      show.textContent = T("show");
      show.setAttribute("aria-label", `${T("show")}: ${finding.match}`);
      show.addEventListener("click", () => select(finding.start, finding.end));
      actions.append(show);
    }
    item.append(head, message);
    if (actions.childElementCount) item.append(actions);
    item.id = `finding-${result.persona}-${index}`;
    return item;
  }
  function select(start, end) {
    const units = unitOffsets(draft.value);
    draft.focus();
    draft.setSelectionRange(units[start] ?? 0, units[end] ?? 0);
  }
  function applyFix(finding, fix) {
    const checked = state.checked;
    if (!checked || checked.text !== draft.value) { checkNow(); return; } // offsets belong to the checked text
    const text = draft.value;
    const units = unitOffsets(text);
    let result = text;
    let caret = 0;
    for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) {
      const from = units[edit.start], to = units[edit.end];
      if (from === undefined || to === undefined || to < from) return;
      result = result.slice(0, from) + edit.text + result.slice(to);
      caret = from + edit.text.length;
    }
    draft.value = result;
    draft.focus();
    draft.setSelectionRange(caret, caret);
    say(T("fix_applied", finding.match, fix.edits.map((e) => e.text).join(" … ")));
    state.checked = null;
    syncMarks(null);
    checkNow();
  }

  // -- rewriting ---------------------------------------------------------------------------------------
  function wordDiff(before, after) {
    const a = before.split(/(\s+)/), b = after.split(/(\s+)/);
    if (a.length * b.length > 250000) return [{ kind: "same", text: after }];
    const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const out = [];
    let i = 0, j = 0;
    const push = (kind, text) => {
      if (out.length && out[out.length - 1].kind === kind) out[out.length - 1].text += text; else out.push({ kind, text });
    };
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { push("same", a[i]); i++; j++; }
      else if (lcs[i + 1][j] >= lcs[i][j + 1]) { push("del", a[i]); i++; }
      else { push("ins", b[j]); j++; }
    }
    while (i < a.length) push("del", a[i++]);
    while (j < b.length) push("ins", b[j++]);
    return out;
  }
  async function rewrite() {
    const text = draft.value;
    if (!text.trim()) { say(T("empty")); draft.focus(); return; }
    const button = $("rewrite");
    button.disabled = true;
    say(T("rewriting"));
    const body = { text, persona: personaSelect.value, backend: $("backend").value };
    if (channelSelect.value) body.channel = channelSelect.value;
    if (intentSelect.value) body.intent = intentSelect.value;
    try {
      const document_ = await api("rewrite", body);
      renderResults(text, document_);
      say("");
    } catch (err) {
      say(err.message, true);
    } finally {
      button.disabled = false;
    }
  }
  function renderResults(original, document_) {
    const box = $("results");
    box.replaceChildren();
    for (const result of document_.results) box.append(card(original, result));
    for (const failure of document_.errors ?? []) {
      const p = paragraph(`${personaName(failure.persona)}: ${failure.message}`, "problem");
      box.append(p);
    }
  }
  function card(original, result) {
    const article = document.createElement("article");
    article.className = "card";
    article.dataset.persona = result.persona;
    const heading = document.createElement("h3");
    heading.textContent = `${personaName(result.persona)} · ${T("score", result.score)}`;
    const text = document.createElement("p");
    text.className = "text";
    text.dir = "auto";
    for (const part of wordDiff(original, result.text)) {
      if (part.kind === "same") { text.append(part.text); continue; }
      const el = document.createElement(part.kind);
      el.textContent = part.text;
      text.append(el);
    }
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "copy secondary";
    copy.textContent = T("copy");
    copy.setAttribute("aria-label", `${T("copy")}: ${personaName(result.persona)}`);
    copy.addEventListener("click", () => copyText(result.text, personaName(result.persona)));
    const meaning = result.findings.filter((f) => f.rule.startsWith("meaning."));
    const remaining = result.findings.filter((f) => !f.rule.startsWith("meaning."));
    article.append(heading, text, copy,
      section(T("changes"), result.changes.map(changeLine), T("no_changes")),
      section(T("remaining"), remaining.map(remainingLine), T("none_remaining")),
      verdict(meaning));
    return article;
  }
  function bdi(text, className) {
    const el = document.createElement("bdi");
    el.textContent = text;
    if (className) el.className = className;
    return el;
  }
  function changeLine(change) {
    const parts = [bdi(change.rule, "rule"), ": "];
    if (!change.from) parts.push(`${T("added")} `, bdi(T("quote", change.to)));
    else if (!change.to) parts.push(`${T("removed")} `, bdi(T("quote", change.from)));
    else parts.push(bdi(T("quote", change.from)), ` ${T("arrow")} `, bdi(T("quote", change.to)));
    return parts;
  }
  function remainingLine(f) {
    const parts = [bdi(T(f.severity), `sev ${f.severity}`), " ", bdi(f.rule, "rule")];
    if (f.match) parts.push(" ", bdi(T("quote", f.match), "match"));
    parts.push(": ", bdi(f.message));
    return parts;
  }
  function section(title, lines, none) {
    const wrap = document.createElement("div");
    const heading = document.createElement("h4");
    heading.textContent = title;
    wrap.append(heading);
    if (!lines.length) { wrap.append(paragraph(none, "empty")); return wrap; }
    const list = document.createElement("ul");
    for (const line of lines) {
      const li = document.createElement("li");
      li.append(...line);
      list.append(li);
    }
    wrap.append(list);
    return wrap;
  }
  function verdict(meaning) {
    const wrap = document.createElement("div");
    const heading = document.createElement("h4");
    heading.textContent = T("meaning");
    const p = paragraph(meaning.length ? T("meaning_changed") : T("meaning_kept"), `verdict ${meaning.length ? "changed" : "kept"}`);
    wrap.append(heading, p);
    if (meaning.length) {
      const list = document.createElement("ul");
      for (const f of meaning) {
        const li = document.createElement("li");
        li.append(bdi(f.rule, "rule"), ": ", bdi(f.message));
        list.append(li);
      }
      wrap.append(list);
    }
    return wrap;
  }
  async function copyText(text, who) {
    try {
      await navigator.clipboard.writeText(text);
      say(T("copied", who));
    } catch (err) {
      say(T("copy_failed"));
    }
  }

  // -- wiring -------------------------------------------------------------------------------------------
  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", syncScroll);
  new ResizeObserver(syncScroll).observe(draft);
  personaSelect.addEventListener("change", () => { fillContext(); checkNow(); });
  channelSelect.addEventListener("change", checkNow);
  intentSelect.addEventListener("change", checkNow);
  $("rewrite").addEventListener("click", rewrite);
  draft.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); rewrite(); }
  });

  async function start() {
    try {
      await loadPersonas();
      document.body.dataset.ready = "true";
      checkNow();
    } catch (err) {
      say(err.message, true);
    }
  }
  if (tokenNeeded && !sessionStorage.getItem(TOKEN_KEY)) askForToken(); else start();
})();
