// The workbench page: an editor checked as one types, a facts form built
// from the ruleset's 事实 block, and the score table, explanations and audit
// the server computes. Everything goes through the JSON API at /api/.
"use strict";

const RULESET_FILE = "规则.jx";
const LINE_HEIGHT = 20;
const DEBOUNCE_MS = 350;
const MONEY_PLACES = { "元": 0, "万元": 4, "亿元": 8 };

const $ = (id) => document.getElementById(id);
const state = {
  facts: {},         // the facts as a JSON object, as a facts file holds them
  form: null,        // the last /api/form answer
  formKey: "",       // what the facts form was built from
  problems: [],      // the last /api/check answer
  explanation: null, // the last /api/explain answer
  highlight: null,   // { line, end_line } of the selected indicator
  fileName: "规则.jx",
  seq: 0,            // the newest refresh; older answers are dropped
  timer: null,
  checkPending: false, // a re-check is scheduled, which scores too
};

// ── Talking to the server

async function api(path, body) {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { ok: response.ok, value: await response.json() };
  } catch (error) {
    return { ok: false, value: { errors: [{ code: "", message: "无法连接工作台服务：" + error, severity: "error" }] } };
  }
}

function requestBody() {
  return { ruleset: $("editor").value, facts: JSON.stringify(state.facts), facts_format: "json" };
}

function setStatus(kind, text) {
  $("status").dataset.state = kind;
  $("status").textContent = text;
}

// ── The editor: line numbers, underlines and the highlighted rule

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// Code-point offsets where each line starts.
function lineStarts(points) {
  const starts = [0];
  points.forEach((c, i) => { if (c === "\n") starts.push(i + 1); });
  return starts;
}

function offsetAt(starts, total, line, column) {
  const start = starts[Math.min(Math.max(line, 1), starts.length) - 1];
  return Math.min(start + Math.max(column, 1) - 1, total);
}

// One class per code point: error, warning or highlight (or none).
function markings(points) {
  const marks = new Array(points.length).fill("");
  const starts = lineStarts(points);
  if (state.highlight) {
    const from = offsetAt(starts, points.length, state.highlight.line, 1);
    const to = offsetAt(starts, points.length, state.highlight.end_line + 1, 1);
    for (let i = from; i < to; i++) marks[i] = "highlight";
  }
  for (const problem of state.problems) {
    if (problem.file !== RULESET_FILE) continue;
    const from = offsetAt(starts, points.length, problem.line, problem.column);
    let to = offsetAt(starts, points.length, problem.end_line, problem.end_column);
    if (to <= from) to = Math.min(from + 1, points.length);
    const kind = problem.severity === "error" ? "error" : "warning";
    for (let i = from; i < to; i++) if (marks[i] !== "error") marks[i] = kind;
  }
  return marks;
}

function paintEditor() {
  const text = $("editor").value;
  const points = Array.from(text);
  const marks = markings(points);
  let html = "";
  let i = 0;
  while (i < points.length) {
    let j = i;
    while (j < points.length && marks[j] === marks[i]) j++;
    const run = escapeHtml(points.slice(i, j).join(""));
    html += marks[i] ? `<span class="${marks[i]}">${run}</span>` : run;
    i = j;
  }
  $("backdrop").innerHTML = html + "\n ";
  const lines = text.split("\n").length;
  $("gutter").textContent = Array.from({ length: lines }, (_, k) => k + 1).join("\n") + "\n ";
  syncScroll();
}

function syncScroll() {
  const editor = $("editor");
  $("backdrop").scrollTop = editor.scrollTop;
  $("backdrop").scrollLeft = editor.scrollLeft;
  $("gutter").scrollTop = editor.scrollTop;
}

function showLine(line) {
  $("editor").scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
  syncScroll();
}

// ── Diagnostics

function showDiagnostics() {
  const list = $("diagnostics");
  list.innerHTML = "";
  const errors = state.problems.filter((p) => p.severity === "error").length;
  $("diagnostic-count").textContent = state.problems.length ? `${errors} 个错误，${state.problems.length - errors} 个警告` : "";
  if (!state.problems.length) {
    list.innerHTML = '<li class="none">未发现错误</li>';
    return;
  }
  for (const problem of state.problems) {
    const item = document.createElement("li");
    item.className = problem.severity;
    item.innerHTML = `<span class="code">${escapeHtml(problem.code || "")}</span>
      <span class="place">${escapeHtml(problem.file || "")} 第 ${problem.line} 行第 ${problem.column} 列</span><br>
      <b class="message">${escapeHtml(problem.message)}</b>
      ${problem.help ? `<div class="help">${escapeHtml(problem.help)}</div>` : ""}`;
    item.addEventListener("click", () => openDiagnostic(item, problem));
    list.appendChild(item);
  }
}

async function openDiagnostic(item, problem) {
  if (problem.file === RULESET_FILE) showLine(problem.line);
  let page = item.querySelector(".page");
  if (page) { page.remove(); return; }
  page = document.createElement("div");
  page.className = "page";
  page.textContent = "正在读取代码说明…";
  item.appendChild(page);
  const response = await fetch("/api/explain-code/" + encodeURIComponent(problem.code));
  const answer = await response.json();
  page.textContent = response.ok ? answer.text : answer.errors[0].message;
}

// ── Checking and scoring as one types

function schedule(what) {
  clearTimeout(state.timer);
  state.timer = setTimeout(what, DEBOUNCE_MS);
}

function checkSoon() {
  state.checkPending = true;
  schedule(refresh);
}

function finish(seq, kind, text) {
  if (seq !== state.seq) return;
  setStatus(kind, text);
  document.body.dataset.generation = String(seq);
}

async function refresh() {
  state.checkPending = false;
  const seq = ++state.seq;
  setStatus("busy", "检查中…");
  const check = await api("/api/check", { ruleset: $("editor").value });
  if (seq !== state.seq) return;
  state.problems = check.ok ? check.value : check.value.errors || [];
  showDiagnostics();
  paintEditor();
  if (state.problems.some((p) => p.severity === "error")) {
    clearResults("规则有错误，改正后重新评分");
    return finish(seq, "error", "规则有错误");
  }
  const form = await api("/api/form", { ruleset: $("editor").value });
  if (seq !== state.seq) return;
  if (!form.ok) {
    clearResults("无法生成事实表单");
    return finish(seq, "error", form.value.errors[0].message);
  }
  state.form = form.value;
  buildForm();
  await rescore(seq);
}

async function rescore(seq) {
  if (!state.form || state.problems.some((p) => p.severity === "error")) {
    return finish(seq, "error", "规则尚未通过检查");
  }
  setStatus("busy", "评分中…");
  const body = requestBody();
  const [score, explain] = await Promise.all([api("/api/score", body), api("/api/explain", body)]);
  if (seq !== state.seq) return;
  showFactProblems(score.ok ? [] : score.value.errors);
  if (!score.ok) {
    clearResults("事实有误，改正后重新评分");
    return finish(seq, "error", "事实有误");
  }
  state.explanation = explain.value;
  showTable(score.value);
  showSummary(score.value);
  showExplanation(explain.value);
  if (state.facts["报告"]) {
    const audit = await api("/api/audit", body);
    if (seq !== state.seq) return;
    showAudit(audit);
  } else {
    showNoAudit();
  }
  finish(seq, "ready", "已更新");
}

function rescoreSoon() {
  if (state.checkPending) return;
  schedule(() => rescore(++state.seq));
}

function clearResults(reason) {
  $("total").textContent = "—";
  $("grade").textContent = "—";
  $("subtotals").textContent = "";
  $("score-table").tBodies[0].innerHTML = `<tr><td colspan="7" class="hint">${escapeHtml(reason)}</td></tr>`;
  $("explain-list").innerHTML = "";
  $("explain-totals").innerHTML = "";
  $("faults").innerHTML = "";
  $("selected-explanation").textContent = "";
}

// ── The facts form

function formKey(form) {
  return JSON.stringify([form.facts, form.indicators.map((i) => [i.name, i.weight, i.discretion, i.experts])]);
}

function buildForm() {
  const key = formKey(state.form);
  if (key === state.formKey) return;
  state.formKey = key;
  $("ruleset-title").textContent = "规则：" + state.form.title;
  const form = $("facts-form");
  form.innerHTML = "";
  for (const fact of state.form.facts) {
    const label = document.createElement("label");
    label.textContent = fact.name;
    label.htmlFor = "fact-" + fact.name;
    if (!fact.used) { label.className = "unused"; label.title = "规则没有用到这个事实"; }
    const field = document.createElement("div");
    field.className = "field";
    field.appendChild(inputFor(fact));
    if (fact.unit) field.insertAdjacentHTML("beforeend", `<span class="unit">${escapeHtml(fact.unit)}</span>`);
    if (fact.min !== null || fact.max !== null) {
      field.insertAdjacentHTML("beforeend", `<span class="range">范围 ${escapeHtml(fact.min ?? "")} 至 ${escapeHtml(fact.max ?? "")}${escapeHtml(fact.unit ?? "")}</span>`);
    }
    field.insertAdjacentHTML("beforeend", '<span class="problem"></span>');
    form.append(label, field);
  }
  buildDiscretion();
  buildExperts();
  buildNotApplicable();
  pruneFacts();
  fillForm();
}

// Drops the facts (and 酌情 and 专家 scores) the new ruleset does not declare,
// saying which: they would only be refused. The 报告 table is kept for the audit.
function pruneFacts() {
  const declared = new Set(state.form.facts.map((f) => f.name));
  const tables = { "酌情": (i) => i.discretion, "专家评分": (i) => i.experts, "不适用": () => true };
  const dropped = Object.keys(state.facts).filter((k) => k !== "报告" && !(k in tables) && !declared.has(k));
  for (const key of dropped) delete state.facts[key];
  for (const [table, takes] of Object.entries(tables)) {
    const wanted = new Set(state.form.indicators.filter(takes).map((i) => i.name));
    const given = state.facts[table] || {};
    for (const name of Object.keys(given)) if (!wanted.has(name)) { delete given[name]; dropped.push(table + "." + name); }
    if (state.facts[table] && !Object.keys(given).length) delete state.facts[table];
  }
  const shown = dropped.slice(0, 6).join("、") + (dropped.length > 6 ? " 等" : "");
  $("pruned").textContent = dropped.length ? `新规则没有声明的 ${dropped.length} 项已从事实中移除：${shown}` : "";
}

function inputFor(fact) {
  let input;
  if (fact.kind === "bool" || fact.kind === "tier") {
    input = document.createElement("select");
    const options = fact.kind === "bool" ? [["", "（未填）"], ["true", "是"], ["false", "否"]]
      : [["", "（未填）"], ...fact.labels.map((l) => [l, l])];
    for (const [value, text] of options) input.add(new Option(text, value));
  } else {
    input = document.createElement("input");
    input.type = fact.kind === "date" ? "date" : "number";
    if (input.type === "number") input.step = "any";
    if (fact.min !== null) input.min = fact.min;
    if (fact.max !== null) input.max = fact.max;
  }
  input.id = "fact-" + fact.name;
  input.dataset.fact = fact.name;
  input.addEventListener("change", () => readField(fact, input));
  input.addEventListener("input", () => readField(fact, input));
  return input;
}

function fieldProblem(input, text) {
  const field = input.parentElement;
  field.classList.toggle("invalid", Boolean(text));
  field.querySelector(".problem").textContent = text;
}

function readField(fact, input) {
  const raw = input.value.trim();
  fieldProblem(input, "");
  if (raw === "") {
    delete state.facts[fact.name];
  } else if (fact.kind === "bool") {
    state.facts[fact.name] = raw === "true";
  } else if (fact.kind === "tier" || fact.kind === "date") {
    state.facts[fact.name] = raw;
  } else if (!input.checkValidity() || isNaN(Number(raw))) {
    delete state.facts[fact.name];
    fieldProblem(input, fact.min !== null || fact.max !== null
      ? `应是 ${fact.min ?? ""} 至 ${fact.max ?? ""} 之间的数` : "应是一个数");
  } else {
    state.facts[fact.name] = fact.unit ? raw + fact.unit : Number(raw);
  }
  rescoreSoon();
}

// Moves a decimal number's point: shift("61.5", -4) is "0.00615".
function shiftDecimal(text, places) {
  const negative = text.startsWith("-");
  let [whole, fraction = ""] = text.replace(/^[-+]/, "").split(".");
  if (places > 0) {
    fraction = fraction.padEnd(places, "0");
    whole += fraction.slice(0, places);
    fraction = fraction.slice(places);
  } else if (places < 0) {
    whole = whole.padStart(-places + 1, "0");
    fraction = whole.slice(places) + fraction;
    whole = whole.slice(0, places);
  }
  const number = (whole.replace(/^0+(?=\d)/, "") || "0") + (fraction.replace(/0+$/, "") ? "." + fraction.replace(/0+$/, "") : "");
  return (negative ? "-" : "") + number;
}

// A facts-file value as the number the field shows, or null if it cannot say.
function numberIn(value, fact) {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const match = value.trim().match(/^([-+]?\d+(?:\.\d+)?)\s*(.*)$/);
  if (!match) return null;
  const [, number, unit] = match;
  if (unit === "" || unit === fact.unit || (unit === "％" && fact.unit === "%")) return number;
  if (unit in MONEY_PLACES && fact.unit in MONEY_PLACES) {
    return shiftDecimal(number, MONEY_PLACES[unit] - MONEY_PLACES[fact.unit]);
  }
  return null;
}

function fillForm() {
  for (const fact of state.form.facts) {
    const input = $("fact-" + fact.name);
    const value = state.facts[fact.name];
    fieldProblem(input, "");
    if (value === undefined) { input.value = ""; continue; }
    if (fact.kind === "bool") {
      input.value = value === true || value === "是" ? "true" : value === false || value === "否" ? "false" : "";
    } else if (fact.kind === "tier" || fact.kind === "date") {
      input.value = String(value);
    } else {
      const number = numberIn(value, fact);
      input.value = number ?? "";
      if (number === null) fieldProblem(input, `无法在此显示「${value}」，评分仍按文件中的值`);
    }
  }
  fillDiscretion();
  fillExperts();
  fillNotApplicable();
}

function buildDiscretion() {
  const panel = $("discretion");
  const indicators = state.form.indicators.filter((i) => i.discretion);
  if (!indicators.length) {
    panel.innerHTML = '<p class="hint">本规则没有酌情扣分的指标。</p>';
    return;
  }
  panel.innerHTML = '<p class="hint">规则写有「酌情扣分」的指标，由评价人给分并写明理由（两者都填才生效）。</p>';
  for (const indicator of indicators) {
    const item = document.createElement("div");
    item.className = "item";
    item.innerHTML = `<span>${escapeHtml(indicator.name)}（${indicator.weight}分）</span>
      <input type="number" step="any" min="0" max="${indicator.weight}" data-discretion-score="${escapeHtml(indicator.name)}" placeholder="得分">
      <input type="text" data-discretion-reason="${escapeHtml(indicator.name)}" placeholder="理由">`;
    const [score, reason] = item.querySelectorAll("input");
    const read = () => readDiscretion(indicator.name, score, reason);
    score.addEventListener("input", read);
    reason.addEventListener("input", read);
    panel.appendChild(item);
  }
}

function readDiscretion(name, score, reason) {
  const given = state.facts["酌情"] || {};
  if (score.value.trim() !== "" && score.checkValidity() && reason.value.trim() !== "") {
    given[name] = { "得分": Number(score.value), "理由": reason.value.trim() };
  } else {
    delete given[name];
  }
  if (Object.keys(given).length) state.facts["酌情"] = given; else delete state.facts["酌情"];
  rescoreSoon();
}

function fillDiscretion() {
  const given = state.facts["酌情"] || {};
  for (const input of document.querySelectorAll("[data-discretion-score]")) {
    const entry = given[input.dataset.discretionScore];
    input.value = entry ? numberIn(entry["得分"], { unit: "分" }) ?? "" : "";
  }
  for (const input of document.querySelectorAll("[data-discretion-reason]")) {
    const entry = given[input.dataset.discretionReason];
    input.value = entry ? entry["理由"] ?? "" : "";
  }
}

function buildExperts() {
  const panel = $("experts");
  const indicators = state.form.indicators.filter((i) => i.experts);
  if (!indicators.length) {
    panel.innerHTML = '<p class="hint">本规则没有由专家打分取平均的指标。</p>';
    return;
  }
  panel.innerHTML = '<p class="hint">由评价组专家打分、取平均分的指标：填各位专家的得分，以逗号或顿号隔开，可在分数前写专家姓名（如「张明 8，李华 9」）。</p>';
  for (const indicator of indicators) {
    const item = document.createElement("div");
    item.className = "item";
    item.innerHTML = `<span>${escapeHtml(indicator.name)}（${indicator.weight}分）</span>
      <input type="text" data-experts="${escapeHtml(indicator.name)}" placeholder="如：张明 8，李华 9，王强 7">
      <span class="problem"></span>`;
    const input = item.querySelector("input");
    input.addEventListener("input", () => readExperts(indicator.name, input));
    panel.appendChild(item);
  }
}

// 「张明 8，李华 9」 or 「8、9、7」 as { 张明: 8, 李华: 9 } (an unnamed
// expert is 专家1, 专家2 … by place), or null with what cannot be read.
function parseExperts(text) {
  const scores = {};
  const entries = text.split(/[,，、;；]/).map((e) => e.trim()).filter((e) => e !== "");
  for (const [at, entry] of entries.entries()) {
    const match = entry.match(/^(.*?)\s*(-?\d+(?:\.\d+)?)\s*分?$/);
    if (!match) return { problem: `无法读出「${entry}」的分数` };
    const name = match[1].trim() || `专家${at + 1}`;
    if (name in scores) return { problem: `专家「${name}」写了两次` };
    scores[name] = Number(match[2]);
  }
  return { scores };
}

function readExperts(name, input) {
  const given = state.facts["专家评分"] || {};
  const { scores, problem } = parseExperts(input.value);
  input.parentElement.querySelector(".problem").textContent = problem ?? "";
  input.classList.toggle("invalid", Boolean(problem));
  if (scores && Object.keys(scores).length) given[name] = scores; else delete given[name];
  if (Object.keys(given).length) state.facts["专家评分"] = given; else delete state.facts["专家评分"];
  rescoreSoon();
}

// A list of scores (as a facts file may write them) shows unnamed.
function fillExperts() {
  const given = state.facts["专家评分"] || {};
  for (const input of document.querySelectorAll("[data-experts]")) {
    const entry = given[input.dataset.experts];
    if (!entry || typeof entry !== "object") { input.value = ""; continue; }
    const shown = Array.isArray(entry)
      ? entry.map((score) => String(score))
      : Object.entries(entry).map(([expert, score]) => `${expert} ${score}`);
    input.value = shown.join("，");
  }
}

// Every indicator may be marked 不适用 with a reason; the total is then
// rescaled to 满分 from the applicable weights.
function buildNotApplicable() {
  const panel = $("not-applicable");
  panel.innerHTML = '<p class="hint">不考核的指标勾选「不适用」并写明理由（两者都填才生效）；总分按适用指标的权重折算为满分。</p>';
  for (const indicator of state.form.indicators) {
    const item = document.createElement("div");
    item.className = "item";
    item.innerHTML = `<label><input type="checkbox" data-not-applicable="${escapeHtml(indicator.name)}"> ${escapeHtml(indicator.name)}（${indicator.weight}分）</label>
      <input type="text" data-not-applicable-reason="${escapeHtml(indicator.name)}" placeholder="理由">`;
    const [box, reason] = item.querySelectorAll("input");
    const read = () => readNotApplicable(indicator.name, box, reason);
    box.addEventListener("change", read);
    reason.addEventListener("input", read);
    panel.appendChild(item);
  }
}

function readNotApplicable(name, box, reason) {
  const marked = state.facts["不适用"] || {};
  if (box.checked && reason.value.trim() !== "") marked[name] = reason.value.trim(); else delete marked[name];
  if (Object.keys(marked).length) state.facts["不适用"] = marked; else delete state.facts["不适用"];
  rescoreSoon();
}

function fillNotApplicable() {
  const marked = state.facts["不适用"] || {};
  for (const box of document.querySelectorAll("[data-not-applicable]")) {
    box.checked = typeof marked[box.dataset.notApplicable] === "string";
  }
  for (const input of document.querySelectorAll("[data-not-applicable-reason]")) {
    const reason = marked[input.dataset.notApplicableReason];
    input.value = typeof reason === "string" ? reason : "";
  }
}

function showFactProblems(errors) {
  const list = $("fact-problems");
  list.innerHTML = "";
  for (const error of errors) {
    const where = error.file === RULESET_FILE ? "规则" : "事实";
    list.insertAdjacentHTML("beforeend", `<li>${where}：${escapeHtml(error.message)}${error.help ? "（" + escapeHtml(error.help) + "）" : ""}</li>`);
  }
}

// ── Results: table, summary, explanations, audit

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (className) td.className = className;
  return td;
}

function groupRows(group, rows) {
  for (const child of group.children) {
    if (child.kind === "group") { groupRows(child, rows); continue; }
    const row = document.createElement("tr");
    row.className = "indicator" + (child.fault ? " fault" : "");
    row.dataset.indicator = child.name;
    row.append(cell(child.path[0]), cell(child.path[1]), cell(child.name), cell(child.weight, "number"),
      cell(child.target), cell(actualText(child), "number"), cell(scoreText(child), "number"));
    if (child.fault) row.title = child.fault;
    row.addEventListener("click", () => selectIndicator(child.name));
    rows.appendChild(row);
  }
  const subtotal = document.createElement("tr");
  subtotal.className = "subtotal";
  subtotal.append(cell(group.level === 1 ? group.name + " 小计" : ""), cell(group.level === 2 ? group.name + " 小计" : ""),
    cell(""), cell(group.weight, "number"), cell(""), cell(""), cell(group.score ?? "无法计算", "number"));
  rows.appendChild(subtotal);
}

function showTable(card) {
  const rows = $("score-table").tBodies[0];
  rows.innerHTML = "";
  for (const group of card.groups) groupRows(group, rows);
  // 适用指标合计, 加减分, 总分规则 and 合计, as the server's table closes.
  for (const closing of card.closing) {
    const row = document.createElement("tr");
    row.className = "subtotal";
    row.append(cell(closing.label), cell(""), cell(""), cell(closing.weight, "number"), cell(""),
      cell(closing.note, "number"), cell(closing.score, "number"));
    rows.appendChild(row);
  }
  const grade = document.createElement("tr");
  grade.className = "subtotal";
  grade.append(cell("等级"), cell(""), cell(""), cell(""), cell(""), cell(""), cell(gradeText(card), "number"));
  rows.appendChild(grade);
  const faults = $("faults");
  faults.innerHTML = "";
  for (const fault of card.faults) faults.insertAdjacentHTML("beforeend", `<li>${escapeHtml(fault)}</li>`);
}

// An indicator's 完成值 cell: the reason it is 不适用, or its 完成值.
function actualText(indicator) {
  return indicator.not_applicable ? "理由：" + indicator.not_applicable : indicator.actual;
}

// An indicator's 得分 cell: 不适用, 未选用 (二者择其一), its score, or 无法计算.
function scoreText(indicator) {
  if (indicator.not_applicable) return "不适用";
  if (indicator.not_chosen) return "未选用";
  return indicator.score ?? "无法计算";
}

function gradeText(card) {
  if (card.grade) return card.grade;
  return card.grades_defined ? "无法计算" : "（未定等级）";
}

function showSummary(card) {
  $("total").textContent = card.total ?? "无法计算";
  $("grade").textContent = gradeText(card);
  $("subtotals").textContent = card.groups.map((g) => `${g.name} ${g.score ?? "无法计算"}/${g.weight}`).join("　");
}

function showExplanation(explanation) {
  const list = $("explain-list");
  list.innerHTML = "";
  for (const indicator of explanation.indicators) {
    const item = document.createElement("li");
    item.dataset.indicator = indicator.name;
    const points = indicator.score == null ? "" : "分";
    item.innerHTML = `<b>${escapeHtml(indicator.name)}</b> <span class="score">${escapeHtml(scoreText(indicator))}${points}</span>
      <div class="prose">${escapeHtml(indicator.prose)}</div>`;
    item.addEventListener("click", () => selectIndicator(indicator.name));
    list.appendChild(item);
  }
  $("explain-totals").innerHTML = explanation.totals.map((step) => `<li>${escapeHtml(step.text)}</li>`).join("");
  const selected = document.querySelector("#score-table tr.selected");
  if (selected) selectIndicator(selected.dataset.indicator);
}

function selectIndicator(name) {
  for (const row of document.querySelectorAll("#score-table tr.indicator")) {
    row.classList.toggle("selected", row.dataset.indicator === name);
  }
  const explained = state.explanation?.indicators.find((i) => i.name === name);
  $("selected-explanation").textContent = explained ? explained.prose : "";
  const indicator = state.form?.indicators.find((i) => i.name === name);
  state.highlight = indicator && indicator.file === RULESET_FILE ? indicator : null;
  paintEditor();
  if (state.highlight) showLine(state.highlight.line);
}

function findingRows(findings) {
  return findings.map((f) => `<tr><td>${escapeHtml(f.what)}</td><td>${escapeHtml(f.subject)}</td>
    <td>${escapeHtml(f.claimed)}</td><td>${escapeHtml(f.computed)}</td><td>${escapeHtml(f.difference ?? "")}</td>
    <td>${escapeHtml(f.source ?? "")}</td><td>${escapeHtml(f.derivation)}</td></tr>`).join("");
}

function showAudit(answer) {
  const panel = $("audit");
  if (!answer.ok) {
    panel.innerHTML = `<p class="differs">${escapeHtml(answer.value.errors[0].message)}</p>`;
    return;
  }
  const audit = answer.value;
  const differences = audit.discrepancies.length + audit.inconsistencies.length;
  const verdict = audit.compared === 0 ? '<span class="differs">报告表中没有可比对的数值</span>'
    : differences === 0 && audit.unknown.length === 0 ? '<span class="agrees">报告与规则一致</span>'
    : `<span class="differs">${differences} 处不一致</span>`;
  const head = "<tr><th>项</th><th>对象</th><th>报告所列</th><th>按规则</th><th>差</th><th>出处</th><th>推导</th></tr>";
  panel.innerHTML = `<p>比对 ${audit.compared} 项：${verdict}</p>
    ${audit.discrepancies.length ? `<h3>与规则不符</h3><table>${head}${findingRows(audit.discrepancies)}</table>` : ""}
    ${audit.inconsistencies.length ? `<h3>报告前后不一</h3><table>${head}${findingRows(audit.inconsistencies)}</table>` : ""}
    ${audit.unknown.map((line) => `<p class="differs">${escapeHtml(line)}</p>`).join("")}
    ${audit.skipped.map((line) => `<p class="hint">${escapeHtml(line)}</p>`).join("")}`;
}

function showNoAudit() {
  $("audit").innerHTML = '<p class="hint">事实中没有「报告」表：载入含报告所列分数的事实文件后，这里逐项比对报告与规则。</p>';
}

// ── Files: examples, opening, saving

async function loadFacts(text, format) {
  const answer = await api("/api/facts", { facts: text, facts_format: format });
  if (!answer.ok) {
    setStatus("error", answer.value.errors[0].message);
    return;
  }
  state.facts = answer.value;
  if (state.form) fillForm();
  rescoreSoon();
}

function setRuleset(text, name) {
  $("editor").value = text;
  state.fileName = name;
  state.highlight = null;
  paintEditor();
  checkSoon();
}

async function openExample(path) {
  const response = await fetch("/api/examples/" + path);
  const text = await response.text();
  if (path.endsWith(".jx")) setRuleset(text, path.split("/").pop());
  else await loadFacts(text, "toml");
}

function readFile(input, then) {
  const file = input.files[0];
  if (!file) return;
  file.text().then((text) => then(text, file.name));
  input.value = "";
}

function tomlValue(value) {
  if (Array.isArray(value)) return "[" + value.map(tomlValue).join(", ") + "]";
  if (value !== null && typeof value === "object") {
    return "{ " + Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${tomlValue(v)}`).join(", ") + " }";
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

// A facts object as TOML: plain values first (in the form's order), then tables.
function toToml(object, path = []) {
  const order = path.length ? [] : (state.form?.facts ?? []).map((f) => f.name);
  const keys = [...order.filter((k) => k in object), ...Object.keys(object).filter((k) => !order.includes(k))];
  const isTable = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  let out = keys.filter((k) => !isTable(object[k])).map((k) => `${JSON.stringify(k)} = ${tomlValue(object[k])}\n`).join("");
  for (const key of keys.filter((k) => isTable(object[k]))) {
    const inner = [...path, key];
    out += `\n[${inner.map((k) => JSON.stringify(k)).join(".")}]\n` + toToml(object[key], inner);
  }
  return out;
}

function download(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

// ── Batch: an uploaded spreadsheet scored into a results workbook

const RESULTS_FILE = "评分结果.xlsx";

// The file's bytes as base64, as /api/batch takes them.
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function showBatchErrors(errors) {
  $("batch-errors").replaceChildren(...errors.map((error) => {
    const item = document.createElement("li");
    item.className = "error";
    item.textContent = `${error.message}（${error.code}）` + (error.help ? "：" + error.help : "");
    return item;
  }));
}

async function runBatch() {
  const file = $("batch-file").files[0];
  const link = $("batch-download");
  if (link.href) URL.revokeObjectURL(link.href);
  link.hidden = true;
  link.removeAttribute("href");
  showBatchErrors([]);
  if (!file) {
    $("batch-summary").textContent = "请先选择填报表文件。";
    return;
  }
  $("batch-summary").textContent = `正在评分「${file.name}」…`;
  try {
    const body = { ruleset: $("editor").value, file_name: file.name, file: await base64Of(file) };
    const response = await fetch("/api/batch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      $("batch-summary").textContent = `「${file.name}」未能评分：`;
      showBatchErrors((await response.json()).errors ?? []);
      return;
    }
    const count = (name) => response.headers.get("x-jixiao-" + name) ?? "?";
    link.href = URL.createObjectURL(await response.blob());
    link.download = RESULTS_FILE;
    link.hidden = false;
    $("batch-summary").textContent =
      `「${file.name}」：项目数 ${count("projects")}，完整计分 ${count("complete")}，有误 ${count("rejected")}（有误的行见结果工作簿的「问题」表）。`;
  } catch (error) {
    $("batch-summary").textContent = "";
    showBatchErrors([{ code: "", message: "无法连接工作台服务：" + error }]);
  }
}

function switchTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.id === "tab-" + name);
}

// Tab indents by four spaces, as the formatter lays rules out, instead of
// leaving the editor.
function indentOnTab(event) {
  if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.altKey) return;
  event.preventDefault();
  document.execCommand("insertText", false, "    ");
}

async function start() {
  const editor = $("editor");
  editor.addEventListener("input", () => { state.highlight = null; paintEditor(); checkSoon(); });
  editor.addEventListener("scroll", syncScroll);
  editor.addEventListener("keydown", indentOnTab);
  for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => switchTab(button.dataset.tab));
  $("examples").addEventListener("change", (event) => { if (event.target.value) openExample(event.target.value); event.target.value = ""; });
  $("open-ruleset").addEventListener("change", (event) => readFile(event.target, setRuleset));
  $("open-facts").addEventListener("change", (event) => readFile(event.target, (text, name) => loadFacts(text, name.endsWith(".json") ? "json" : "toml")));
  $("batch-file").addEventListener("change", (event) => { $("batch-chosen").textContent = event.target.files[0]?.name ?? "未选择文件"; });
  $("batch-run").addEventListener("click", runBatch);
  $("download-ruleset").addEventListener("click", () => download(state.fileName, editor.value, "text/plain;charset=utf-8"));
  $("save-toml").addEventListener("click", () => download("事实.toml", toToml(state.facts), "application/toml;charset=utf-8"));
  $("save-json").addEventListener("click", () => download("事实.json", JSON.stringify(state.facts, null, 2) + "\n", "application/json;charset=utf-8"));
  const examples = await (await fetch("/api/examples")).json();
  for (const example of examples) $("examples").add(new Option(example.title, example.path));
  await openExample("luohu-2024.jx");
  await openExample("luohu-2024.facts.toml");
}

start();
