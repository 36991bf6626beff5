"use strict";
// Filters for the findings, added on top of a page that is complete without them: nothing here is needed to
// read the report. The page's policy lets this block, and nothing else, run; it makes no request.
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rank = { low: 1, medium: 2, high: 3, critical: 4 };
  var pillar = document.getElementById("filter-pillar");
  var severity = document.getElementById("filter-severity");
  var confidence = document.getElementById("filter-confidence");
  var shown = document.getElementById("shown-count");
  var nothing = document.getElementById("nothing-shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding-row"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.pillar"));

  function matches(item) {
    var data = item.dataset;
    return (!pillar.value || data.pillar === pillar.value) &&
      (!severity.value || rank[data.severity] >= rank[severity.value]) &&
      (!confidence.value || rank[data.confidence] >= rank[confidence.value]);
  }

  function apply() {
    var count = 0;
    rows.forEach(function (row) { var ok = matches(row); row.hidden = !ok; if (ok) { count += 1; } });
    cards.forEach(function (card) { card.hidden = !matches(card); });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("article.finding:not([hidden])");
    });
    shown.textContent = count + " of " + rows.length + " shown";
    shown.dataset.count = String(count);
    nothing.hidden = count !== 0;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  // A click on a pillar in the chart or the table also filters to it.
  Array.prototype.forEach.call(document.querySelectorAll("[data-pillar] a[href^='#pillar-']"), function (link) {
    link.addEventListener("click", function () {
      var value = link.closest("[data-pillar]").dataset.pillar;
      if (pillar.querySelector("option[value='" + value + "']")) { pillar.value = value; apply(); }
    });
  });
  form.hidden = false;
  apply();
}());
