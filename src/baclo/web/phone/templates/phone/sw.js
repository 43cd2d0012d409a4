/* baclo's service worker: keeps the app shell and the patient's recent pages on the phone.
   Static files: cache first (their names change with their content in production).
   Patient pages: network first, the last copy read when the network is down.
   Writes (POST, PUT) are never answered from a cache: the journal's offline queue lives in
   the page (phone/offline.js) and is sent by the page when the network is back. */
"use strict";
var CONFIG = {{ config }};
var SHELL_CACHE = "baclo-shell-" + CONFIG.version;
var PAGES_CACHE = "baclo-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.shell.concat([CONFIG.offlineUrl])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("baclo-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keptPage(url) {
  return CONFIG.pages.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function pageKey(url) {
  return url.origin + url.pathname;
}

function fromNetworkThenCache(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && !url.search && keptPage(url)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) { cache.put(pageKey(url), copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE)
      .then(function (cache) { return cache.match(pageKey(url), { ignoreVary: true }); })
      .then(function (kept) {
        return kept || caches.match(CONFIG.offlineUrl, { ignoreVary: true });
      });
  });
}

function fromCacheThenNetwork(request) {
  return caches.match(request, { ignoreVary: true }).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    event.respondWith(fromCacheThenNetwork(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fromNetworkThenCache(request, url));
  }
});
