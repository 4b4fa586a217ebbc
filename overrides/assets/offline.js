// Loaded by kyr.js after the page has loaded, so none of it weighs on the first view.
// 1. Registers the language's service worker (its root's sw.js), which keeps the pages the reader opens,
//    and stores this page and its files now, since it was loaded before the worker was there.
// 2. "Save this language for offline use": stores every file of the language's offline.json, one at a time.
// 3. "Share": the page's share.txt through the phone's share sheet, else copied; and a WhatsApp link.
// Without JavaScript none of this is shown. Every request goes to this site only.
(function () {
  "use strict";
  var keep = document.querySelector(".keep"), share = document.querySelector(".share");
  var sw = navigator.serviceWorker;
  var ANY = { ignoreVary: true };

  if (keep && sw && window.caches) {
    // The language's root is where the header's home link goes.
    var base = document.querySelector("a.home").href;
    var state = keep.querySelector("span"), button = keep.querySelector("button");
    var say = function (name) { state.textContent = keep.getAttribute("data-" + name); };
    // The worker's cache for this language (kyr/saved_offline.py and sw.js name it "kyr <scope> <version>").
    var open = function () {
      return caches.keys().then(function (keys) {
        var ours = keys.filter(function (k) { return k.indexOf("kyr " + base + " ") === 0; });
        return ours.length ? caches.open(ours[ours.length - 1]) : Promise.reject(new Error("no cache"));
      });
    };
    // `again`: what this page loaded before its worker was there, taken from the browser's own cache, not the network.
    var store = function (cache, url, again) {
      return cache.match(url, ANY).then(function (have) {
        return have || cache.add(again ? new Request(url, { cache: "force-cache" }) : url);
      });
    };
    var manifest = function (fromCache) {
      var url = base + "offline.json";
      return (fromCache ? caches.match(url, ANY) : fetch(url)).then(function (res) {
        if (!res || !res.ok) throw new Error("no manifest");
        return res.json();
      });
    };
    var urls = function (m) { return m.files.map(function (f) { return new URL(f, base).href; }); };
    var saved = function (m) {
      return Promise.all(urls(m).map(function (u) { return caches.match(u, ANY); }))
        .then(function (found) { return found.every(Boolean); });
    };
    sw.register(base + "sw.js", { scope: base }).then(function () { return sw.ready; }).then(function () {
      return open().then(function (cache) {
        var mine = [location.href.split("#")[0].split("?")[0]].concat(performance.getEntriesByType("resource")
          .map(function (e) { return e.name; })
          .filter(function (u) { return u.indexOf(location.origin + "/") === 0 && !/qr\.svg$/.test(u); }));
        return Promise.all(mine.map(function (u) { return store(cache, u, true).catch(function () {}); }));
      });
    }).then(function () {
      // Saved before (the manifest is kept only by saving): check that nothing of it has gone since.
      return manifest(true).then(saved, function () { return false; });
    }).then(function (all) {
      keep.hidden = false;
      if (all) { button.hidden = true; say("saved"); }
    }).catch(function () {});

    button.addEventListener("click", function () {
      button.disabled = true;
      say("saving");
      var m;
      Promise.all([manifest(false), open()]).then(function (got) {
        m = got[0];
        var cache = got[1], list = urls(m), done = 0, saving = keep.getAttribute("data-saving");
        // One file at a time: on a slow line each file arrives whole, and what arrived stays if the signal drops.
        return list.reduce(function (chain, u) {
          return chain.then(function () { return store(cache, u); }).then(function () {
            state.textContent = saving + " " + ++done + " / " + list.length;
          });
        }, Promise.resolve()).then(function () { return cache.put(base + "offline.json", new Response(JSON.stringify(m))); });
      }).then(function () {
        button.hidden = true;
        say("saved");
      }, function () {
        button.disabled = false;
        say("failed");
      });
    });
  }

  if (share) {
    var text = "", copied = share.querySelector("span");
    fetch("share.txt").then(function (res) { return res.ok ? res.text() : ""; }).then(function (t) {
      text = t.trim();
      if (!text) return;
      share.querySelector("a").href = "https://wa.me/?text=" + encodeURIComponent(text);
      share.hidden = false;
    }).catch(function () {});
    share.querySelector("button").addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ text: text }).catch(function () {});
        return;
      }
      var done = function () { copied.hidden = false; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { copyBySelection(); });
      } else {
        copyBySelection();
      }
      // Where the clipboard API is missing or refused (an old browser, a page not in a secure context).
      function copyBySelection() {
        var area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        share.appendChild(area);
        area.select();
        try { if (document.execCommand("copy")) done(); } catch (e) { /* nothing to copy with */ }
        share.removeChild(area);
      }
    });
  }
})();
