// careerbot web chat: sends each message with the signed state to POST /api/chat and draws the reply.
// Everything from the user or the bot is inserted with textContent or createTextNode, never as HTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const log = document.getElementById("log");
  const form = document.getElementById("chat");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const printButton = document.getElementById("print");
  const introNodes = log.cloneNode(true);
  let state = null;
  let busy = false;
  const shownRoles = new Set(); // ids of the roles discussed, for the handout

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(url, text) {
    const href = safeUrl(url);
    if (!href) return el("span", null, text);
    const a = el("a", null, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function host(url) {
    try {
      return new URL(url).hostname.replace(/^www\./, "");
    } catch (e) {
      return String(url);
    }
  }

  // "bls.gov/…/phlebotomists.htm": enough to tell two pages of one site apart.
  function shortUrl(url) {
    try {
      const parts = new URL(url).pathname.split("/").filter(Boolean);
      return host(url) + (parts.length ? (parts.length > 1 ? "/…/" : "/") + parts[parts.length - 1] : "");
    } catch (e) {
      return String(url);
    }
  }

  function money(n) {
    return "$" + Number(n).toLocaleString("en-US");
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
    window.scrollTo(0, document.body.scrollHeight);
  }

  // --- text ------------------------------------------------------------------------------------------

  function textBlock(text, skipNumbered) {
    const box = el("div", "text");
    let list = null;
    for (const line of String(text).split("\n")) {
      if (skipNumbered && /^\s*\d+\.\s/.test(line)) continue;
      if (/^\s*- /.test(line)) {
        if (!list) list = box.appendChild(el("ul"));
        list.appendChild(el("li", null, line.replace(/^\s*- /, "")));
        continue;
      }
      list = null;
      if (line.trim() === "") continue;
      const heading = /^## (.+)$/.exec(line);
      box.appendChild(heading ? el("h3", null, heading[1]) : el("p", null, line));
    }
    return box;
  }

  function buttons(label, items, className, onPick) {
    const group = el("div", "buttons " + className);
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", label);
    for (const item of items) {
      const b = el("button", className, item.label);
      b.type = "button";
      b.addEventListener("click", () => onPick(item.value));
      group.appendChild(b);
    }
    return group;
  }

  // --- figures -----------------------------------------------------------------------------------------

  function citation(figure) {
    const span = el("span", "cite");
    span.appendChild(document.createTextNode(" (" + (figure.year ? figure.when : "undated") + ", "));
    span.appendChild(link(figure.source, host(figure.source)));
    span.appendChild(document.createTextNode(")"));
    return span;
  }

  // An estimate, a stand-in or a wider group's figure: starred and hatched, with its note shown.
  function isMarked(figure) {
    return Boolean(figure.marked || (figure.basis && figure.basis !== "bls"));
  }

  function rangeText(pay) {
    const range = pay.range;
    if (!range || !range.low_annual || !range.high_annual) return null;
    const what = range.basis === "estimate" ? "estimated range" : "10th to 90th percentile";
    return money(range.low_annual) + " to " + money(range.high_annual) + " (" + what + ")";
  }

  function payText(pay) {
    const text = money(pay.median_annual) + (pay.at_least ? " or more" : "") + " a year";
    return text + (isMarked(pay) ? " *" : "");
  }

  function trainingLength(training) {
    const said = /estimate/i.test(training.length);
    return training.length + (training.estimate && !said ? " (our estimate)" : "");
  }

  // The table's short form: "~9 months", "~2 years", "on the job" (the card has the full sentence).
  function trainingShort(training) {
    const months = training.months;
    let text = months === 0 ? "on the job" : months < 24 ? "~" + months + " months" : "~" + Math.round(months / 12) + " years";
    return text + (training.estimate ? " (estimate)" : "");
  }

  function rangeShort(pay) {
    const range = pay.range;
    if (!range || !range.low_annual || !range.high_annual) return "not published";
    return money(range.low_annual) + " to " + money(range.high_annual) + (isMarked(range) ? " *" : "");
  }

  function growthText(growth) {
    const star = isMarked(growth) ? " *" : "";
    if (growth.percent === null || growth.percent === undefined) return growth.label + star;
    const sign = growth.percent > 0 ? "+" : "";
    return sign + growth.percent + "% " + (growth.period || "") + ", " + growth.label + star;
  }

  function notes(facts) {
    const list = el("ul", "notes");
    for (const role of facts) {
      const figures = [["pay", role.pay], ["pay range", role.pay.range || {}], ["growth", role.growth]];
      for (const [what, figure] of figures) {
        if (isMarked(figure) && figure.note) {
          list.appendChild(el("li", null, "* " + role.short_title + " " + what + ": " + figure.note));
        }
      }
    }
    return list.childElementCount ? list : null;
  }

  function row(dl, term, value) {
    dl.appendChild(el("dt", null, term));
    const dd = dl.appendChild(el("dd"));
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = value;
    return dd;
  }

  function card(role) {
    const box = el("section", "card");
    box.setAttribute("aria-label", role.title + " card");
    box.appendChild(el("h3", null, role.title));
    box.appendChild(el("p", "summary", role.tagline || role.summary));
    const dl = box.appendChild(el("dl"));
    const pay = row(dl, "Pay", payText(role.pay));
    pay.appendChild(citation(role.pay));
    const range = rangeText(role.pay);
    if (range) {
      const spread = row(dl, "Pay range", range + (isMarked(role.pay.range) ? " *" : ""));
      if (role.pay.range.source) spread.appendChild(citation(role.pay.range));
    }
    row(dl, "Training", role.training.entry + " (" + trainingLength(role.training) + ")");
    if (role.credential) row(dl, "Key credential", role.credential.name + " (" + role.credential.abbreviation + "), " + role.credential.issuer + ", " + role.credential.requirement);
    row(dl, "Growth", growthText(role.growth)).appendChild(citation(role.growth));
    if (role.links && role.links.length) {
      const list = el("ul", "links");
      for (const item of role.links) list.appendChild(el("li")).appendChild(link(item.url, item.title));
      row(dl, "Learn more", list);
    }
    const marked = notes([role]);
    if (marked) box.appendChild(marked);
    return box;
  }

  function table(facts, caption) {
    const wrap = el("div", "table-wrap");
    const t = wrap.appendChild(el("table"));
    t.appendChild(el("caption", null, caption));
    const head = t.appendChild(el("thead")).appendChild(el("tr"));
    const ranges = facts.some((role) => rangeText(role.pay));
    const columns = ["Role", "Median pay", ...(ranges ? ["Pay range (10th to 90th percentile)"] : []), "Entry education", "Time to qualify", "Key credential", "Growth"];
    for (const h of columns) {
      const th = head.appendChild(el("th", null, h));
      th.scope = "col";
    }
    const body = t.appendChild(el("tbody"));
    for (const role of facts) {
      const tr = body.appendChild(el("tr"));
      const th = tr.appendChild(el("th", null, role.short_title));
      th.scope = "row";
      const pay = tr.appendChild(el("td", "num", payText(role.pay)));
      pay.appendChild(citation(role.pay));
      if (ranges) {
        const spread = tr.appendChild(el("td", null, rangeShort(role.pay)));
        const range = role.pay.range;
        // Cited beside the range only where it is not from the median's page and year.
        if (range && range.source && (range.source !== role.pay.source || range.year !== role.pay.year)) {
          spread.appendChild(citation(range));
        }
      }
      tr.appendChild(el("td", null, role.training.entry.split(" (")[0]));
      tr.appendChild(el("td", null, trainingShort(role.training)));
      tr.appendChild(el("td", null, role.credential ? role.credential.abbreviation : "none"));
      tr.appendChild(el("td", null, growthText(role.growth))).appendChild(citation(role.growth));
    }
    const marked = notes(facts);
    if (marked) wrap.appendChild(marked);
    return wrap;
  }

  // A horizontal bar per role; on a narrow screen each label sits above its bar so the text stays readable.
  function chart(facts) {
    // Drawn in 16 px units and scaled with the page's font, so it grows with the text on a projector.
    const scale = Math.max(1, parseFloat(getComputedStyle(document.documentElement).fontSize) / 16);
    const width = Math.max(300, Math.min(640, (log.clientWidth - 40) / scale));
    const longest = Math.max(...facts.map((r) => r.short_title.length));
    const wantLabel = Math.round(longest * 7.4) + 14; // about 7 px a character at 13 px
    const stacked = wantLabel > width * 0.4;
    const labelWidth = stacked ? 0 : Math.max(90, wantLabel);
    const rowHeight = stacked ? 44 : 28;
    const barTop = stacked ? 20 : 0;
    const barSpace = width - labelWidth - 110;
    const height = facts.length * rowHeight + (stacked ? 48 : 34);
    const most = Math.max(...facts.map((r) => r.pay.median_annual));
    const box = svg("svg", { viewBox: "0 0 " + width + " " + height, width: Math.round(width * scale), class: "chart", role: "img" });
    const id = "chart-" + Math.random().toString(36).slice(2);
    const title = box.appendChild(svg("title", { id: id }));
    title.textContent = "Median yearly pay: " + facts.map((r) => r.short_title + " " + money(r.pay.median_annual)).join(", ");
    box.setAttribute("aria-labelledby", id);
    const pattern = box.appendChild(svg("defs")).appendChild(svg("pattern", { id: id + "-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }));
    pattern.appendChild(svg("rect", { width: 6, height: 6, class: "hatch-bg" }));
    pattern.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }));
    facts.forEach((role, i) => {
      const y = i * rowHeight + 4;
      const label = stacked
        ? svg("text", { x: 0, y: y + 13, class: "label" })
        : svg("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end", class: "label" });
      label.textContent = role.short_title;
      box.appendChild(label);
      const length = Math.max(2, Math.round((role.pay.median_annual / most) * barSpace));
      const marked = isMarked(role.pay);
      const bar = svg("rect", { x: labelWidth, y: y + barTop, width: length, height: 20, class: marked ? "bar marked" : "bar" });
      if (marked) bar.setAttribute("fill", "url(#" + id + "-hatch)");
      box.appendChild(bar);
      const value = box.appendChild(svg("text", { x: labelWidth + length + 6, y: y + barTop + 15, class: "value" }));
      value.textContent = money(role.pay.median_annual) + (role.pay.at_least ? "+" : "") + (marked ? " *" : "");
    });
    const years = [...new Set(facts.map((r) => r.pay.when))].join(", ");
    const sourceHosts = [...new Set(facts.map((r) => host(r.pay.source)))].join(", ");
    const lines = ["Median yearly pay, " + years + ", " + sourceHosts + ".", "Hatched, *: estimate or a wider group's figure."];
    (stacked ? lines : [lines.join(" ")]).forEach((text, i, all) => {
      const foot = box.appendChild(svg("text", { x: 0, y: height - 8 - (all.length - 1 - i) * 14, class: "foot" }));
      foot.textContent = text;
    });
    return box;
  }

  // --- messages ----------------------------------------------------------------------------------------

  function addUser(text) {
    const box = log.appendChild(el("div", "msg user"));
    box.appendChild(el("span", "who", "You: "));
    box.appendChild(el("p", null, text));
  }

  function addBot(data) {
    const reply = data.reply;
    const box = el("div", "msg bot");
    box.appendChild(el("span", "who", "careerbot: "));
    const options = data.options || [];
    const facts = data.cards || [];
    const view = data.view || "text";
    if (view === "compare") {
      const names = facts.map((r) => r.short_title);
      const listed = names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : names.join("");
      box.appendChild(table(facts, "Comparison: " + listed));
      box.appendChild(chart(facts));
      const details = box.appendChild(el("details"));
      details.appendChild(el("summary", null, "The same as text"));
      details.appendChild(el("pre", null, reply.text));
    } else {
      box.appendChild(textBlock(reply.text, options.length > 0));
      if (view === "card" && facts.length) box.appendChild(card(facts[0]));
      if (view === "ranking" && facts.length) {
        box.appendChild(table(facts, "Roles that fit, best first"));
        box.appendChild(chart(facts));
      }
    }
    if (options.length) box.appendChild(buttons("Choose an answer", options.map((o) => ({ label: o.value + ". " + o.label, value: o.value })), "option", ask));
    if (reply.sources && reply.sources.length) {
      const src = box.appendChild(el("p", "sources", "Sources: "));
      reply.sources.forEach((url, i) => {
        if (i) src.appendChild(document.createTextNode(", "));
        src.appendChild(link(url, shortUrl(url)));
      });
    }
    if (reply.follow_ups && reply.follow_ups.length) box.appendChild(buttons("You could ask", reply.follow_ups.map((q) => ({ label: q, value: q })), "suggest", ask));
    for (const id of [...(reply.roles || []), ...facts.map((role) => role.id)]) shownRoles.add(id);
    printButton.disabled = shownRoles.size === 0;
    // Choices answer the question just asked; an older question's numbers would mean something else now.
    for (const stale of log.querySelectorAll("button.option")) stale.disabled = true;
    log.appendChild(box);
  }

  function addError(text) {
    log.appendChild(el("div", "msg bot error", text));
  }

  async function ask(text) {
    const message = String(text).trim();
    if (!message || busy) return;
    busy = true;
    send.disabled = true;
    status.textContent = "Thinking...";
    addUser(message);
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: message, state: state }),
      });
      const data = await response.json();
      if (!response.ok) {
        addError("Sorry, that did not work: " + (data.error || response.status));
        if (response.status === 400 && /state/i.test(data.error || "")) state = null;
      } else {
        state = data.state;
        addBot(data);
      }
      status.textContent = "";
    } catch (e) {
      addError("Sorry, the server did not answer. Check the connection and try again.");
      status.textContent = "";
    } finally {
      busy = false;
      send.disabled = false;
      scrollDown();
      input.focus();
    }
  }

  function bindIntro() {
    for (const b of log.querySelectorAll("button.suggest")) b.addEventListener("click", () => ask(b.textContent));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
  });

  document.getElementById("reset").addEventListener("click", () => {
    state = null;
    shownRoles.clear();
    printButton.disabled = true;
    log.replaceChildren(...introNodes.cloneNode(true).childNodes);
    const frame = document.getElementById("handout-frame");
    if (frame) frame.remove();
    bindIntro();
    status.textContent = "New conversation.";
    input.focus();
  });

  // The handout (one printable page per role discussed) is its own document, loaded in a hidden frame and
  // printed from there; the chat itself prints as a plain transcript (print CSS).
  printButton.addEventListener("click", () => {
    const ids = [...shownRoles];
    if (!ids.length) return;
    let frame = document.getElementById("handout-frame");
    if (frame) frame.remove();
    frame = el("iframe");
    frame.id = "handout-frame";
    frame.title = "Handout";
    frame.className = "print-frame";
    frame.addEventListener("load", () => {
      try {
        frame.contentWindow.focus();
        frame.contentWindow.print();
        status.textContent = "Handout sent to the printer dialog.";
      } catch (e) {
        status.textContent = "Could not print the handout; open /handout?roles=" + ids.join(",") + " instead.";
      }
    });
    frame.src = "/handout?roles=" + ids.map(encodeURIComponent).join(",");
    document.body.appendChild(frame);
  });

  bindIntro();
})();
