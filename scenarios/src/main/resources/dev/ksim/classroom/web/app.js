// ksim classroom page: draws the cluster the server computed, runs traces and steps through
// their events (Packet Tracer's simulation mode). No library, no network beyond the ksim server;
// an exported trace carries its data in window.KSIM_EXPORT and plays with no server at all.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const exported = window.KSIM_EXPORT || null;
  const params = new URLSearchParams(location.search);
  const who = ["student", "seed"].filter((k) => params.get(k))
      .map((k) => k + "=" + encodeURIComponent(params.get(k))).join("&");
  const state = { cluster: null, trace: null, events: [], index: -1, timer: null, places: {}, answered: {},
    moments: [], past: null };

  function api(method, call, args) {
    const query = [who].concat(Object.entries(args || {})
        .map(([k, v]) => k + "=" + encodeURIComponent(v))).filter((s) => s).join("&");
    return fetch("/api/" + call + (query ? "?" + query : ""), { method: method })
      .then((r) => r.json().then((body) => {
        if (!r.ok) { throw new Error(body.error || r.statusText); }
        return body;
      }));
  }

  function el(tag, attrs, parent, text) {
    const e = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // Shortens an SVG text to `width` pixels, ending it with an ellipsis; the whole text stays in
  // data-full and in its group's <title> (the tooltip). Needs the element in the document.
  function fit(text, width) {
    const whole = text.textContent;
    if (!text.getComputedTextLength || text.getComputedTextLength() <= width) { return text; }
    let shown = whole;
    while (shown.length > 1 && text.getComputedTextLength() > width) {
      shown = shown.slice(0, -1);
      text.textContent = shown + "\u2026";
    }
    text.setAttribute("data-full", whole);
    el("title", {}, text.parentNode, whole);
    return text;
  }

  // Layout: the outside world and the Services on top, the nodes below in a grid of
  // ceil(sqrt(n)) columns, each node's pods listed inside it; readable from 1 to 20 nodes.
  function draw(cluster) {
    const svg = $("cluster");
    svg.innerHTML = "";
    state.places = {};
    const nodes = cluster.nodes;
    const cols = Math.max(1, Math.ceil(Math.sqrt(nodes.length)));
    const nodeW = 250, podH = 30, gap = 20;
    const nodeH = 64 + podH * Math.max(1, Math.max.apply(null, nodes.map((n) => n.pods.length).concat([0])));
    const services = cluster.services;
    const svcW = 250, svcH = 58;
    const top = 16;
    const outside = el("g", { class: "outside", id: "outside" }, svg);
    el("rect", { x: 10, y: top, width: 150, height: svcH, rx: 22 }, outside);
    el("text", { x: 85, y: top + svcH / 2 + 4, "text-anchor": "middle" }, outside, "outside world");
    state.places["outside"] = { x: 85, y: top + svcH / 2, g: outside };
    const perRow = Math.max(1, Math.floor((Math.max(900, cols * (nodeW + gap)) - 170) / (svcW + 10)));
    services.forEach((s, i) => {
      const x = 170 + (i % perRow) * (svcW + 10);
      const y = top + Math.floor(i / perRow) * (svcH + 8);
      const g = el("g", { class: "service", "data-service": s.namespace + "/" + s.name }, svg);
      el("rect", { x: x, y: y, width: svcW, height: svcH, rx: 6 }, g);
      el("text", { x: x + 8, y: y + 16 }, g, "svc " + s.namespace + "/" + s.name + " " + s.type);
      const ports = s.ports.map((p) => p.port + (p.nodePort ? ":" + p.nodePort : "") + "/" + p.protocol).join(" ");
      el("text", { x: x + 8, y: y + 33 }, g, s.clusterIP + "  " + ports);
      const endpoints = s.endpoints || [];
      g.setAttribute("data-endpoints", endpoints.join(", "));
      fit(el("text", { class: "endpoints", x: x + 8, y: y + 50 }, g,
          endpoints.length ? endpoints.length + (endpoints.length === 1 ? " endpoint: " : " endpoints: ") +
          endpoints.join(", ") : "no endpoints"), svcW - 16);
      state.places["svc " + s.clusterIP] = { x: x + svcW / 2, y: y + svcH / 2, g: g };
    });
    const svcRows = Math.max(1, Math.ceil(services.length / perRow));
    const nodesTop = top + svcRows * (svcH + 8) + 24;
    nodes.forEach((n, i) => {
      const x = 10 + (i % cols) * (nodeW + gap);
      const y = nodesTop + Math.floor(i / cols) * (nodeH + gap);
      const g = el("g", { class: "node", "data-node": n.name }, svg);
      el("rect", { class: "box", x: x, y: y, width: nodeW, height: nodeH, rx: 8 }, g);
      fit(el("text", { class: "title", x: x + 10, y: y + 20 }, g, n.name), nodeW - 50);
      fit(el("text", { x: x + 10, y: y + 38 }, g, n.address + "  kube-proxy " + n.mode), nodeW - 20);
      fit(el("text", { x: x + 10, y: y + 54 }, g, "pods " + n.podCIDRs.join(", ")), nodeW - 20);
      g.addEventListener("click", () => showNode(n.name));
      state.places["host " + n.name] = { x: x + nodeW - 30, y: y + 26, g: g };
      n.pods.forEach((p, j) => {
        const py = y + 62 + j * podH;
        const pg = el("g", { class: "pod", "data-pod": p.namespace + "/" + p.name, "data-ip": p.ip }, g);
        el("rect", { x: x + 10, y: py, width: nodeW - 20, height: podH - 6, rx: 4 }, pg);
        fit(el("text", { x: x + 16, y: py + 16 }, pg, p.name + "  " + (p.ip || p.phase)), nodeW - 34);
        state.places["pod " + p.namespace + "/" + p.name] = { x: x + nodeW - 24, y: py + 12, g: pg };
      });
    });
    const rows = Math.ceil(nodes.length / cols);
    const pendingY = nodesTop + rows * (nodeH + gap);
    cluster.pending.forEach((p, j) => {
      const pg = el("g", { class: "pod pending", "data-pod": p.namespace + "/" + p.name }, svg);
      el("rect", { x: 10, y: pendingY + j * podH, width: nodeW, height: podH - 6, rx: 4 }, pg);
      el("text", { x: 16, y: pendingY + j * podH + 16 }, pg, p.name + "  Pending");
    });
    const width = Math.max(900, 10 + cols * (nodeW + gap), 180 + Math.min(services.length, perRow) * (svcW + 10));
    const height = pendingY + cluster.pending.length * podH + 10;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    const packet = el("g", { id: "packet", visibility: "hidden" }, svg);
    el("circle", { r: 9, cx: 0, cy: 0 }, packet);
    el("text", { id: "packet-label", x: 12, y: -10 }, packet);
  }

  function fillSources(cluster) {
    const from = $("from");
    const chosen = from.value;
    from.innerHTML = "";
    cluster.nodes.forEach((n) => n.pods.filter((p) => p.ip && !p.hostNetwork).forEach((p) => {
      from.add(new Option("pod/" + p.namespace + "/" + p.name, "pod/" + p.namespace + "/" + p.name));
    }));
    cluster.nodes.forEach((n) => from.add(new Option("node/" + n.name, "node/" + n.name)));
    from.add(new Option("outside 203.0.113.10", "203.0.113.10"));
    if (chosen) { from.value = chosen; }
    // until the user types a destination, offer the first application Service's ClusterIP
    if (!$("to").value || $("to").dataset.auto) {
      const usable = cluster.services.filter((s) => s.clusterIP !== "None" && s.ports.length);
      const svc = usable.find((s) => s.namespace !== "kube-system" && s.name !== "kubernetes") || usable[0];
      if (svc) {
        $("to").value = svc.clusterIP + ":" + svc.ports[0].port;
        $("to").dataset.auto = "yes";
      }
    }
  }

  function showCluster(cluster) {
    state.cluster = cluster;
    state.past = null;
    $("past").hidden = true;
    draw(cluster);
    if (!exported) { fillSources(cluster); }
    $("who").textContent = cluster.student ? "student " + cluster.student + " (seed " + cluster.seed + ")" : "seed " + cluster.seed;
    $("clock").textContent = "simulated time " + cluster.time;
    const s = cluster.scenario;
    if (s) {
      $("scenario").hidden = false;
      $("scenario-title").textContent = s.title;
      $("scenario-progress").textContent = "step " + s.position + " of " + s.steps;
      $("next").disabled = s.position >= s.steps;
      $("narration").textContent = s.played.join("");
      $("narration").scrollTop = $("narration").scrollHeight;
    }
    if (!exported) { api("GET", "timeline").then(showTimeline).catch(showError); }
  }

  // The cluster's events over time: a slider and a list; scrubbing to a moment draws the cluster,
  // its endpoints and (on a node's click) its rules as they were then.
  function showTimeline(timeline) {
    state.moments = timeline.moments;
    const last = state.moments.length - 1;
    $("timeline").max = last;
    $("timeline").value = last;
    const list = $("moments");
    list.innerHTML = "";
    state.moments.forEach((m, i) => {
      const li = document.createElement("li");
      li.className = "moment " + m.kind;
      li.dataset.index = i;
      li.innerHTML = "<span class='time'></span><span class='kind'></span><span class='text'></span>";
      li.querySelector(".time").textContent = m.time;
      li.querySelector(".kind").textContent = m.kind;
      li.querySelector(".text").textContent = m.text;
      li.addEventListener("click", () => scrub(i));
      list.appendChild(li);
    });
    markMoment(last);
  }

  function markMoment(i) {
    document.querySelectorAll("#moments li").forEach((li) => li.classList.toggle("current", +li.dataset.index === i));
    const current = document.querySelector("#moments li.current");
    if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
    const m = state.moments[i];
    $("moment-label").textContent = m ? "moment " + (i + 1) + " of " + state.moments.length + ": " + m.time : "";
  }

  function scrub(i) {
    $("timeline").value = i;
    if (i >= state.moments.length - 1) {
      state.past = null;
      $("past").hidden = true;
      draw(state.cluster);
      markMoment(state.moments.length - 1);
      return;
    }
    api("GET", "moment", { index: i }).then((m) => {
      state.past = m;
      $("past").hidden = false;
      $("past-time").textContent = m.time + " (" + m.kind + ": " + m.text + ")";
      draw(m.cluster);
      markMoment(i);
      if ($("node-name").textContent) { showNode($("node-name").textContent); }
    }).catch(showError);
  }

  function place(e) {
    if (e.leg === "dns") { return state.places["svc " + dnsServer()] || state.places["outside"]; }
    if (e.netns.startsWith("pod ")) { return state.places[e.netns]; }
    if (e.netns === "host") { return state.places["host " + e.node]; }
    return state.places["outside"];
  }

  function dnsServer() {
    const svc = state.cluster.services.find((s) => s.namespace === "kube-system" && s.name === "kube-dns");
    return svc ? svc.clusterIP : "";
  }

  function showTrace(result) {
    state.trace = result;
    state.events = result.events;
    const list = $("events");
    list.innerHTML = "";
    result.events.forEach((e, i) => {
      const li = document.createElement("li");
      li.className = "event " + e.leg;
      li.dataset.index = i;
      li.dataset.type = e.type;
      li.innerHTML = "<span>" + (e.leg === "dns" ? "dns" : e.leg === "reply" ? "reply " + e.hop : "hop " + e.hop) +
          "</span><span class='kind'>" + e.type + "</span><span class='title'></span>";
      li.querySelector(".title").textContent = e.title;
      li.addEventListener("click", () => go(i));
      list.appendChild(li);
    });
    const t = result.trace;
    $("trace-summary").textContent = t
      ? t.protocol + " " + t.source + " -> " + t.destination + "  verdict " + t.verdict +
        "  endpoint " + (t.endpoint || "none") + "  masqueraded " + (t.masqueraded ? "yes" : "no") +
        (t.reply ? "  reply: " + t.reply.summary : "")
      : (result.error || "");
    go(0);
  }

  function go(i) {
    if (!state.events.length) { return; }
    state.index = Math.max(0, Math.min(i, state.events.length - 1));
    const e = state.events[state.index];
    document.querySelectorAll("#events li").forEach((li) => li.classList.toggle("current", +li.dataset.index === state.index));
    const current = document.querySelector("#events li.current");
    if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
    $("position").textContent = "event " + (state.index + 1) + " of " + state.events.length;
    $("packet-src").textContent = e.after.source;
    $("packet-dst").textContent = e.after.destination;
    $("packet-src").classList.toggle("changed", e.before.source !== e.after.source);
    $("packet-dst").classList.toggle("changed", e.before.destination !== e.after.destination);
    $("packet-outer").textContent = e.outer ? "outer " + e.outer : "";
    document.querySelectorAll("#cluster .here").forEach((g) => g.classList.remove("here"));
    const p = place(e);
    const packet = $("packet");
    if (p && packet) {
      p.g.classList.add("here");
      packet.setAttribute("visibility", "visible");
      packet.setAttribute("transform", "translate(" + p.x + "," + p.y + ")");
      packet.style.transform = "translate(" + p.x + "px," + p.y + "px)";
      $("packet-label").textContent = e.after.source + " > " + e.after.destination;
    }
    detail(e);
    if (e.node) { showNode(e.node); }
  }

  function detail(e) {
    $("detail").hidden = false;
    $("detail-title").textContent = "#" + (e.index + 1) + " " + e.node + " " + e.netns + ": " + e.title;
    $("why").textContent = e.why;
    $("before-src").textContent = e.before.source;
    $("before-dst").textContent = e.before.destination;
    $("after-src").textContent = e.after.source;
    $("after-dst").textContent = e.after.destination;
    $("rule-text").textContent = (e.rules || []).map((r) =>
      "  ".repeat(r.depth) + (r.table ? "[" + r.table + "] " + r.chain + " #" + r.rule + "  " : "") + r.text +
      (r.probability !== undefined ? "   (probability " + r.probability + ")" : "") +
      (r.lookup !== undefined ? "   (map lookup: " + r.lookup + ")" : "")).join("\n") || "(no rule: " + e.type + ")";
  }

  function matchedRules(node) {
    const texts = new Set();
    state.events.filter((e) => e.node === node && e.index <= state.index)
      .forEach((e) => (e.rules || []).forEach((r) => texts.add(r.text.trim())));
    return texts;
  }

  function showNode(name) {
    if (exported) { return; }
    const past = state.past;
    const fetched = past
      ? Promise.resolve({ mode: (past.cluster.nodes.find((n) => n.name === name) || {}).mode, rules: past.rules[name] || "",
          conntrack: "(conntrack tables are not kept for past moments)" })
      : api("GET", "node", { name: name });
    fetched.then((n) => {
      $("node-state").hidden = false;
      $("node-name").textContent = name;
      $("node-mode").textContent = "kube-proxy " + n.mode;
      const matched = matchedRules(name);
      const pre = $("node-rules");
      pre.innerHTML = "";
      n.rules.split("\n").forEach((line) => {
        const span = document.createElement("span");
        span.textContent = line + "\n";
        if (line.trim() && matched.has(line.trim())) { span.className = "matched"; }
        pre.appendChild(span);
      });
      const first = pre.querySelector(".matched");
      if (first) { pre.scrollTop = first.offsetTop - pre.offsetTop - 20; }
      const ct = !past && state.trace && state.trace.conntrack && state.trace.conntrack[name];
      if (past) {
        $("node-conntrack").textContent = n.conntrack;
        $("conntrack-when").textContent = "(at " + past.time + ")";
      } else if (ct) {
        const created = state.events.find((e) => e.node === name && e.netns === "host" && e.type === "conntrack");
        const after = created && state.index >= created.index;
        $("node-conntrack").textContent = after ? ct.after : ct.before;
        $("conntrack-when").textContent = after ? "(after this connection's entry)" : "(before the packet arrives)";
      } else {
        $("node-conntrack").textContent = n.conntrack;
        $("conntrack-when").textContent = "(now)";
      }
    }).catch(showError);
  }

  function play() {
    if (state.timer) { clearInterval(state.timer); state.timer = null; $("play").textContent = "\u25B6"; return; }
    $("play").textContent = "||";
    state.timer = setInterval(() => {
      if (state.index >= state.events.length - 1) { play(); return; }
      go(state.index + 1);
    }, 700);
  }

  function showQuiz(quiz) {
    if (!quiz.questions.length) { return; }
    $("quiz").hidden = false;
    const list = $("questions");
    list.innerHTML = "";
    quiz.questions.forEach((q) => {
      const li = document.createElement("li");
      li.innerHTML = "<div class='ask'></div><input><button>Answer</button> <span class='grade'></span>";
      li.querySelector(".ask").textContent = q.ask;
      const input = li.querySelector("input");
      input.id = "answer-" + q.id;
      const button = li.querySelector("button");
      button.id = "submit-" + q.id;
      const grade = li.querySelector(".grade");
      grade.id = "grade-" + q.id;
      button.addEventListener("click", () => api("POST", "answer", { id: q.id, answer: input.value }).then((g) => {
        grade.className = "grade " + (g.correct ? "right" : "wrong");
        grade.textContent = g.correct ? "right" : "wrong: the answer is " + g.expected;
        $("score").textContent = g.right + " of " + g.answered + " answers right";
      }).catch(showError));
      list.appendChild(li);
    });
  }

  function showError(err) {
    $("trace-summary").innerHTML = "";
    const span = document.createElement("span");
    span.className = "error";
    span.textContent = String(err.message || err);
    $("trace-summary").appendChild(span);
  }

  $("first").addEventListener("click", () => go(0));
  $("back").addEventListener("click", () => go(state.index - 1));
  $("forward").addEventListener("click", () => go(state.index + 1));
  $("last").addEventListener("click", () => go(state.events.length - 1));
  $("play").addEventListener("click", play);

  if (exported) {
    $("trace-form").hidden = true;
    $("timeline-box").hidden = true;
    showCluster(exported.cluster);
    showTrace(exported.trace);
    return;
  }
  $("to").addEventListener("input", () => { delete $("to").dataset.auto; });
  $("timeline").addEventListener("input", () => scrub(+$("timeline").value));
  $("timeline-now").addEventListener("click", () => scrub(state.moments.length - 1));
  $("trace-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    api("POST", "trace", { from: $("from").value, to: $("to").value, protocol: $("protocol").value })
      .then(showTrace).then(() => {
        $("svg-link").href = "/api/trace.svg" + (who ? "?" + who : "");
        $("svg-link").hidden = false;
      }).catch(showError);
  });
  $("next").addEventListener("click", () => api("POST", "next").then(showCluster).catch(showError));
  api("GET", "cluster").then(showCluster).then(() => api("GET", "quiz")).then(showQuiz).catch(showError);
})();
