// Suggestions under a search box while the reader types (/api/v1/search/suggest/), as an
// ARIA combobox: arrow keys move through them, Enter follows one, Escape closes the list.
// Without JavaScript the search page lists the same suggestions as links.
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null;
    var asked = "";
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (s, n) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = list.id + "-" + n;
        var link = document.createElement("a");
        link.href = s.path;
        link.textContent = s.text;
        link.tabIndex = -1;
        var kind = document.createElement("span");
        kind.className = "search-suggest-kind";
        kind.textContent = s.kind === "article" ? "Article" : s.kind === "treatment" ? "Treatment" : "Topic";
        item.appendChild(link);
        item.appendChild(kind);
        list.appendChild(item);
      });
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
      active = -1;
    }

    function ask() {
      var typed = input.value.trim();
      if (typed.length < 2) { close(); return; }
      if (typed === asked) return;
      asked = typed;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === typed) show(data.suggestions || []); })
        .catch(close);
    }

    function move(step) {
      var all = options();
      if (!all.length) return;
      if (active >= 0) all[active].removeAttribute("aria-selected");
      active = (active + step + all.length) % all.length;
      all[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].querySelector("a").href);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setUp);
})();
