// Projector mode for workshops: ?present, or the "Present on a screen" link.
// One h2 section per screen; arrows, space and click move; Escape leaves.
(function () {
  "use strict";
  var link = document.querySelector(".tools__present");
  if (link) link.addEventListener("click", function (e) { e.preventDefault(); start(true); });
  if (/[?&]present\b/.test(location.search)) start(false);

  function start(push) {
    var article = document.querySelector("article.page");
    if (!article || document.documentElement.classList.contains("present")) return;
    if (push) history.pushState(null, "", "?present");
    var screens = [], current = document.createElement("section");
    current.className = "screen";
    screens.push(current);
    Array.prototype.slice.call(article.childNodes).forEach(function (node) {
      if (node.nodeName === "ASIDE") return;
      if (node.nodeName === "H2" && current.childNodes.length) {
        current = document.createElement("section");
        current.className = "screen";
        screens.push(current);
      }
      current.appendChild(node);
    });
    var aside = article.querySelector("aside");
    screens.forEach(function (s) { article.insertBefore(s, aside); });
    var qr = article.querySelector(".qr__img");
    if (qr) qr.src = qr.getAttribute("data-src");
    var bar = document.createElement("p");
    bar.className = "present-bar";
    var exit = document.createElement("a");
    exit.href = location.pathname;
    exit.textContent = "✕";
    exit.setAttribute("aria-label", document.title);
    var count = document.createElement("span");
    bar.appendChild(exit);
    bar.appendChild(count);
    document.body.appendChild(bar);
    document.documentElement.classList.add("present");
    var index = 0;
    function show(i) {
      index = Math.max(0, Math.min(screens.length - 1, i));
      screens.forEach(function (s, n) { s.classList.toggle("is-current", n === index); });
      count.textContent = (index + 1) + " / " + screens.length;
      window.scrollTo(0, 0);
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") { e.preventDefault(); show(index + 1); }
      else if (e.key === "ArrowLeft" || e.key === "PageUp") { e.preventDefault(); show(index - 1); }
      else if (e.key === "Escape") { location.href = location.pathname; }
    });
    article.addEventListener("click", function (e) { if (!e.target.closest("a")) show(index + 1); });
    show(0);
  }
})();
