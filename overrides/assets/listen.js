// Listen: the phone's own voices read the article aloud, block by block, each block in the language it is
// written in (its lang attribute: a Spanish block on a Mam page is read by a Spanish voice). Blocks in a
// language the phone has no voice for are left out. Loaded by kyr.js on the first tap of "Listen".
// Pausing cancels and remembers the block, because speechSynthesis.pause() does not work on many phones.
(function () {
  "use strict";
  var speech = window.speechSynthesis;
  var bar = document.querySelector(".listen");
  var article = document.querySelector("article.page");
  var BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,summary,figcaption,pre";
  // Not the page's own text: the about box, media cards and players, this bar.
  var SKIP = "aside,nav,.cards,.player,.listen,audio,video,script,style,.footnote-backref,[data-listen-skip]";
  var buttons = {};
  ["start", "pause", "resume", "stop"].forEach(function (name) {
    buttons[name] = bar.querySelector(".listen__" + name);
  });
  var blocks = collect(), index = 0, current = null;

  function primary(tag) { return (tag || "").toLowerCase().split(/[-_]/)[0]; }
  // A voice on the phone for `lang`: the same tag first (es-MX), else the same language (es).
  function voiceFor(lang) {
    var local = speech.getVoices().filter(function (v) { return v.localService; });
    var tag = lang.toLowerCase();
    return local.filter(function (v) { return v.lang.toLowerCase().replace("_", "-") === tag; })[0] ||
      local.filter(function (v) { return primary(v.lang) === primary(lang); })[0] || null;
  }
  // The text of the article in reading order, one piece per block and language.
  function collect() {
    var out = [], last = null, node;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    while ((node = walker.nextNode())) {
      var parent = node.parentNode;
      if (!node.nodeValue.trim() || parent.closest(SKIP)) continue;
      var block = parent.closest(BLOCKS) || article;
      var lang = (parent.closest("[lang]") || document.documentElement).lang;
      if (last && last.block === block && last.lang === lang) last.text += node.nodeValue;
      else out.push(last = { block: block, lang: lang, text: node.nodeValue });
    }
    return out.filter(function (piece) {
      piece.text = piece.text.replace(/\s+/g, " ").trim();
      piece.voice = voiceFor(piece.lang);
      return piece.text && piece.voice;
    });
  }
  function show(state) {
    buttons.start.hidden = state !== "stopped";
    buttons.pause.hidden = state !== "speaking";
    buttons.resume.hidden = state !== "paused";
    buttons.stop.hidden = state === "stopped";
    var focus = buttons[{ stopped: "start", speaking: "pause", paused: "resume" }[state]];
    if (bar.contains(document.activeElement)) focus.focus();
  }
  function mark(piece) {
    blocks.forEach(function (b) { b.block.classList.toggle("is-read", b === piece); });
  }
  function speak() {
    if (index >= blocks.length) { stop(); return; }
    var piece = blocks[index];
    var utterance = new SpeechSynthesisUtterance(piece.text);
    utterance.lang = piece.lang;
    utterance.voice = piece.voice;
    utterance.onend = function () {
      if (current !== utterance) return; // cancelled by pause or stop
      index += 1;
      speak();
    };
    current = utterance;
    mark(piece);
    show("speaking");
    speech.speak(utterance);
  }
  function halt() {
    current = null;
    speech.cancel();
  }
  function stop() {
    halt();
    index = 0;
    mark(null);
    show("stopped");
  }
  buttons.start.addEventListener("click", function () { index = 0; halt(); speak(); });
  buttons.pause.addEventListener("click", function () { halt(); show("paused"); });
  buttons.resume.addEventListener("click", speak);
  buttons.stop.addEventListener("click", stop);
  window.addEventListener("pagehide", halt);
  speak();
})();
