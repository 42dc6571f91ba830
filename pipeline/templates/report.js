(function () {
  "use strict";
  // Everything shown from the corpus goes in as textContent: never markup.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var box = document.getElementById("find");
  var items = Array.prototype.slice.call(document.querySelectorAll(".f"));
  var haystacks = null;
  function n(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
  box.placeholder = "text, speaker or outlet in " + n(data.counts.groups, "group") + ", " +
    n(data.counts.speakers, "speaker") + ", " + n(data.counts.articles, "article");

  function apply(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!haystacks) {
      haystacks = items.map(function (el) {
        return (el.textContent + " " + (el.getAttribute("data-s") || "")).toLowerCase();
      });
    }
    var counts = {}, total = 0;
    items.forEach(function (el, i) {
      var hit = terms.every(function (t) { return haystacks[i].indexOf(t) >= 0; });
      el.hidden = !hit;
      var sec = el.getAttribute("data-sec");
      counts[sec] = counts[sec] || [0, 0];
      counts[sec][1] += 1;
      if (hit) { counts[sec][0] += 1; total += 1; }
    });
    ["groups", "speakers", "articles"].forEach(function (sec) {
      var out = document.getElementById("n-" + sec), c = counts[sec] || [0, 0];
      if (out) out.textContent = terms.length ? c[0] + " of " + c[1] + " match" : "";
    });
    document.getElementById("n-all").textContent = terms.length ? total + " matches" : "";
  }

  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(box.value); }, 120);
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { box.value = q; apply(q); }

  // A marked piece of an article: the fields of its claims (held once, in the JSON).
  var fields = data.claims || {};
  function fieldsOf(el) {
    var role = (/\br-(\w+)/.exec(el.className) || [])[1];
    return (el.getAttribute("data-c") || "").split(" ").filter(Boolean).map(function (id, i) {
      return (i === 0 && role ? "[" + role + "] " : "") + (fields[id] || id);
    }).join("\n\n");
  }
  document.addEventListener("mouseover", function (ev) {
    var m = ev.target.closest ? ev.target.closest(".text .m") : null;
    if (m && !m.title) m.title = fieldsOf(m);  // the browser's own tooltip: plain text
  });

  // Click a marked claim: pin its fields, highlight all its pieces, link to its group.
  var panel = document.getElementById("panel");
  var panelText = document.getElementById("panel-text");
  var panelLinks = document.getElementById("panel-links");
  var lit = [];
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    lit.forEach(function (el) { el.classList.remove("on"); });
  });
  function pin(m, only) {
    lit.forEach(function (el) { el.classList.remove("on"); });
    lit = [];
    var ids = only ? [only] : (m.getAttribute("data-c") || "").split(" ").filter(Boolean);
    document.querySelectorAll(".text .m").forEach(function (el) {
      var mine = (el.getAttribute("data-c") || "").split(" ");
      if (ids.some(function (id) { return mine.indexOf(id) >= 0; })) { el.classList.add("on"); lit.push(el); }
    });
    panelText.textContent = only ? (fields[only] || only) : fieldsOf(m);
    panelLinks.textContent = "";
    (m.getAttribute("data-g") || "").split(" ").filter(Boolean).forEach(function (g) {
      var a = document.createElement("a");
      a.href = "#g-" + g;
      a.textContent = "see its group across outlets \u2191";
      panelLinks.appendChild(a);
      panelLinks.appendChild(document.createTextNode(" "));
    });
    panel.hidden = false;
  }
  document.addEventListener("click", function (ev) {
    var m = ev.target.closest ? ev.target.closest(".text .m") : null;
    if (m) pin(m, null);
  });
  // Arriving at a claim ("in the article" links, or report.html#c-ID): pin it.
  function arrive() {
    if (window.location.hash.indexOf("#c-") !== 0) return;
    var anchor = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var m = anchor;
    while (m && !(m.classList && m.classList.contains("m"))) m = m.nextElementSibling;
    if (m) pin(m, anchor.id.slice(2));
  }
  window.addEventListener("hashchange", arrive);
  arrive();
  document.documentElement.setAttribute("data-report-ready", "1");
})();
