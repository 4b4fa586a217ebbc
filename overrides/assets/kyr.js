// Projector mode for workshops: ?present (or ?present=N for screen N), or the "Present on a screen" link.
// One h2 section per screen; arrows, space, click and the bar's buttons move; Escape leaves.
// And the "Listen" button, where the phone can read the page aloud (assets/listen.js); after load, assets/offline.js.
// Everything else on the site works without this script.
(function () {
  "use strict";
  var MIN_FONT = 32; // px: the smallest body text a room can read from a projector
  var link = document.querySelector(".tools__present");
  if (link) {
    link.hidden = false;
    link.addEventListener("click", function (e) { e.preventDefault(); start(0, true); });
  }
  var asked = /[?&]present(?:=(\d+))?(?:&|$)/.exec(location.search);
  if (asked) start((parseInt(asked[1], 10) || 1) - 1, false);

  // Listen: shown only where the phone has a voice of its own (on the device: no text leaves it) for a
  // language of the page. Voices may arrive later ('voiceschanged'). The reading code loads on the first tap.
  var bar = document.querySelector(".listen"), speech = window.speechSynthesis;
  if (bar && speech && window.SpeechSynthesisUtterance) {
    // The languages of the page's own text, not of the about box (a card's "Español" is not Spanish text).
    var langs = [].filter.call(document.querySelectorAll("html, article [lang]"), function (e) { return !e.closest("aside"); })
      .map(function (e) { return primary(e.lang); });
    var offer = function () {
      if (!bar.hidden || !speech.getVoices().some(function (v) { return v.localService && langs.indexOf(primary(v.lang)) >= 0; })) return;
      var h1 = document.querySelector("article.page h1");
      if (h1) h1.parentNode.insertBefore(bar, h1.nextSibling);
      bar.hidden = false;
      bar.querySelector(".listen__start").addEventListener("click", function () {
        var code = document.createElement("script");
        code.src = bar.getAttribute("data-src");
        document.head.appendChild(code);
      }, { once: true });
    };
    offer();
    if (speech.addEventListener) speech.addEventListener("voiceschanged", offer);
  }
  // Saving pages for offline use, and sharing (assets/offline.js): fetched after the page has loaded,
  // so the first view's bytes stay those of the page itself.
  var me = document.currentScript;
  if (document.querySelector(".keep")) addEventListener("load", function () {
    var code = document.createElement("script");
    code.src = me.src.replace(/kyr\.js$/, "offline.js");
    document.head.appendChild(code);
  });
  function primary(tag) { return (tag || "").toLowerCase().split(/[-_]/)[0]; }

  function start(first, push) {
    var article = document.querySelector("article.page");
    var bar = document.querySelector(".present-bar");
    var root = document.documentElement;
    if (!article || !bar || root.classList.contains("present")) return;
    if (push) history.pushState(null, "", "?present");
    // Back from ?present to the page's own URL: show the page again.
    window.addEventListener("popstate", function () { location.reload(); });
    var aside = article.querySelector("aside");
    var sections = [], current = null;
    Array.prototype.slice.call(article.childNodes).forEach(function (node) {
      if (node === aside) return;
      if (!current || (node.nodeName === "H2" && current.children.length)) {
        current = screen();
        sections.push(current);
      }
      current.appendChild(node);
    });
    root.classList.add("present");
    bar.hidden = false;
    var screens = [];
    sections.forEach(function (s) { screens = screens.concat(paginate(s)); });
    var count = bar.querySelector(".present-bar__count");
    var exit = bar.querySelector(".present-bar__exit");
    var index = 0;

    function screen() {
      var s = document.createElement("section");
      s.className = "screen";
      article.insertBefore(s, aside);
      return s;
    }
    function overflows() { return root.scrollHeight > innerHeight; }
    function only(s) {
      Array.prototype.forEach.call(article.querySelectorAll(".screen"), function (o) { o.classList.toggle("is-current", o === s); });
    }
    // A section too long for one screen even at MIN_FONT goes on as many screens as it needs,
    // each under a copy of its heading; lists are cut between items, never inside one.
    function paginate(section) {
      section.style.fontSize = MIN_FONT + "px";
      only(section);
      if (!overflows()) { section.style.fontSize = ""; return [section]; }
      var heading = section.firstElementChild && section.firstElementChild.nodeName === "H2" ? section.firstElementChild : null;
      var units = [];
      Array.prototype.slice.call(section.childNodes).forEach(function (node) {
        if (node === heading) return;
        section.removeChild(node);
        if (node.nodeType === 1 || node.textContent.trim()) units = units.concat(items(node));
      });
      var pages = [section], page = section, base = heading ? 1 : 0;
      units.forEach(function (unit) {
        var last = page.lastElementChild;
        var into = last && unit.kyrList && last.kyrList === unit.kyrList ? last : null;
        var moved = into ? Array.prototype.slice.call(unit.kyrBody.childNodes) : [unit];
        moved.forEach(function (n) { (into ? into.kyrBody : page).appendChild(n); });
        if (overflows() && (into || page.children.length > base + 1)) {
          if (into) moved.forEach(function (n) { unit.kyrBody.appendChild(n); }); else page.removeChild(unit);
          var next = screen();
          article.insertBefore(next, page.nextSibling);
          next.style.fontSize = MIN_FONT + "px";
          if (heading) { var copy = heading.cloneNode(true); copy.removeAttribute("id"); next.appendChild(copy); }
          next.appendChild(unit);
          only(next);
          pages.push(page = next);
        }
      });
      pages.forEach(function (p) { p.style.fontSize = ""; });
      return pages;
    }
    // A list or table as one unit per item (a dt with its dd; a row, under a copy of the header),
    // each in a copy of its container that remembers the original, so units of one container can merge again.
    function items(node) {
      var body = node.nodeName === "TABLE" ? node.tBodies[0] : /^(UL|OL|DL)$/.test(node.nodeName) ? node : null;
      if (!body || body.children.length < 2) return [node];
      var groups = [];
      Array.prototype.slice.call(body.children).forEach(function (child) {
        if (child.nodeName !== "DD" || !groups.length) groups.push([]);
        groups[groups.length - 1].push(child);
      });
      var from = node.start || 1, n = 0;
      return groups.map(function (group, i) {
        var copy = i ? node.cloneNode(node !== body) : node, into = copy;
        if (i) copy.removeAttribute("id");
        if (node !== body) { into = copy.tBodies[0]; if (i) into.textContent = ""; }
        if (node.nodeName === "OL") copy.start = from + n;
        n += group.length;
        copy.kyrList = node;
        copy.kyrBody = into;
        group.forEach(function (child) { into.appendChild(child); });
        return copy;
      });
    }
    // A long section is set smaller until it fits the screen, but never below MIN_FONT.
    function fit(s) {
      s.style.fontSize = "";
      var size = parseFloat(getComputedStyle(s).fontSize);
      while (overflows() && size > MIN_FONT) {
        size = Math.max(MIN_FONT, size - 2);
        s.style.fontSize = size + "px";
      }
    }
    function show(i) {
      index = Math.max(0, Math.min(screens.length - 1, i));
      only(screens[index]);
      count.textContent = (index + 1) + " / " + screens.length;
      history.replaceState(null, "", "?present=" + (index + 1));
      window.scrollTo(0, 0);
      fit(screens[index]);
    }
    bar.querySelector(".present-bar__prev").addEventListener("click", function () { show(index - 1); });
    bar.querySelector(".present-bar__next").addEventListener("click", function () { show(index + 1); });
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return; // Alt+Left is the browser's Back
      // Space and Enter on a focused button or link press it, not the slide.
      if ((e.key === " " || e.key === "Enter") && e.target.closest && e.target.closest("a, button")) return;
      if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") { e.preventDefault(); show(index + 1); }
      else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); show(index - 1); }
      else if (e.key === "Escape") { location.href = exit.href; }
    });
    article.addEventListener("click", function (e) { if (!e.target.closest("a")) show(index + 1); });
    window.addEventListener("resize", function () { fit(screens[index]); });
    show(first);
  }
})();
