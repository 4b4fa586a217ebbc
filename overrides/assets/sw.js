// The service worker of one language: it keeps every page the reader opens, for reading without a signal.
// The build writes it to the language's root (a worker's scope is its folder) with the build's version
// (kyr.saved_offline), so a new build installs a new worker with a new cache, and the old cache goes.
// Network first, so a reader online gets today's text (rules change); a copy from the phone when there
// is no network, or when the network is too slow to answer within WAIT ms and a copy is there (2G).
// Only this site's own requests: nothing is ever fetched from another host.
"use strict";
var S = registration.scope, NAME = "kyr " + S + " ", CACHE = NAME + "KYR_VERSION", WAIT = 6000;
var ANY = { ignoreVary: true };

function old(key) { return key.indexOf(NAME) === 0 && key !== CACHE; }

addEventListener("install", function (e) {
  e.waitUntil(caches.open(CACHE).then(function (cache) {
    // What the reader had kept with the last version stays kept: copied now, refreshed on its next visit.
    return cache.add("offline.html").then(function () {
      return caches.keys();
    }).then(function (keys) {
      return Promise.all(keys.filter(old).map(function (key) {
        return caches.open(key).then(function (prev) {
          return prev.keys().then(function (requests) {
            return Promise.all(requests.map(function (r) {
              return cache.match(r, ANY).then(function (have) {
                return have || prev.match(r, ANY).then(function (res) { return res && cache.put(r, res); });
              });
            }));
          });
        });
      }));
    });
  }).then(function () { return skipWaiting(); }));
});

addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(old).map(function (key) { return caches.delete(key); }));
  }).then(function () { return clients.claim(); }));
});

addEventListener("fetch", function (e) {
  var r = e.request;
  // Recordings are asked for in ranges (206): the browser streams them; they are not kept.
  if (r.method !== "GET" || new URL(r.url).origin !== location.origin || r.headers.has("range")) return;
  var keep;
  var net = fetch(r).then(function (res) {
    if (res.status === 200 && res.type === "basic") {
      var copy = res.clone();
      keep = caches.open(CACHE).then(function (cache) { return cache.put(r, copy); });
    }
    return res;
  });
  e.waitUntil(net.then(function () { return keep; }, function () {}));
  var kept = caches.match(r, ANY);
  e.respondWith(new Promise(function (answer, fail) {
    var slow = setTimeout(function () { kept.then(function (res) { if (res) answer(res); }); }, WAIT);
    net.then(answer, function () {
      clearTimeout(slow);
      kept.then(function (res) {
        if (res) return answer(res);
        if (r.mode !== "navigate") return fail(new TypeError("offline"));
        // Re-made without the host's headers: the page's own policy allows its inline style and script by hash,
        // which a host's Content-Security-Policy header (HOSTING.md) would block.
        caches.match(S + "offline.html", ANY).then(function (page) {
          if (!page) return fail(new TypeError("offline"));
          page.text().then(function (text) { answer(new Response(text, { headers: { "Content-Type": "text/html; charset=utf-8" } })); });
        });
      });
    });
  }));
});
