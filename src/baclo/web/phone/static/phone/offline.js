// The installable app in the page: registers the service worker, keeps the patient's recent
// pages for reading offline, and keeps every journal save that cannot reach the server in an
// on-device queue (IndexedDB), sent by PUT /api/v1/journal/{date} when the network is back.
// A day changed elsewhere meanwhile is never overwritten: the server answers 412 (If-Match) and
// the patient chooses. A save the server refuses stays on the phone with the server's message.
(function () {
  "use strict";
  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var PAGES_CACHE = "baclo-pages";
  var WARM_EVERY_MS = 30 * 60 * 1000;
  var panel = document.getElementById("offline-queue");
  var form = document.querySelector("form[data-offline-date]");
  var flushing = false;

  function ignore() { /* a failure of an optional step: the page works without it */ }

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).catch(ignore);
  }

  // Pages kept for reading offline are one person's: forget them at logout and at login.
  document.querySelectorAll("form[data-forget-offline]").forEach(function (element) {
    element.addEventListener("submit", function () {
      if (window.caches) { caches.delete(PAGES_CACHE).catch(ignore); }
    });
  });

  // ---- The queue (IndexedDB "baclo", store "journal", one record per user and day) ----
  function database() {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open("baclo", 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore("journal", { keyPath: "key" });
      };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
  }

  function withStore(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("journal", mode);
        var request = work(transaction.objectStore("journal"));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function getRecord(key) { return withStore("readonly", function (s) { return s.get(key); }); }
  function putRecord(record) { return withStore("readwrite", function (s) { return s.put(record); }); }
  function deleteRecord(key) { return withStore("readwrite", function (s) { return s.delete(key); }); }
  function myRecords() {
    return withStore("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (r) { return r.user === user; })
        .sort(function (a, b) { return a.date < b.date ? -1 : 1; });
    });
  }

  function keyOf(date) { return user + "/" + date; }

  // After a queued day was sent, the copy of its page kept offline still shows the version it
  // was loaded with: remember which version replaced it, so the next offline save expects it.
  function versionKey(key) { return "baclo-version-" + key; }
  function rememberVersion(record, etag) {
    try {
      localStorage.setItem(versionKey(record.key), JSON.stringify({ base: record.version, now: etag }));
    } catch (error) { ignore(error); }
  }
  function knownVersion(key, pageVersion) {
    try {
      var known = JSON.parse(localStorage.getItem(versionKey(key)) || "null");
      if (known && known.base === pageVersion) { return known.now; }
    } catch (error) { ignore(error); }
    return pageVersion;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function fieldsOf(element) {
    var data = new URLSearchParams();
    new FormData(element).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version") { data.append(name, value); }
    });
    return data.toString();
  }

  function queueForm(element) {
    var key = keyOf(element.getAttribute("data-offline-date"));
    return getRecord(key).then(function (old) {
      // A day queued twice keeps the version the first save was based on: the server has
      // seen neither, and the newer fields replace the older ones.
      var version = old ? old.version : knownVersion(key, element.elements.version.value);
      return putRecord({
        key: key,
        user: user,
        date: element.getAttribute("data-offline-date"),
        url: element.getAttribute("data-put-url"),
        page: location.pathname,
        fields: fieldsOf(element),
        version: version,
        status: "queued",
        message: "",
        savedAt: Date.now()
      });
    }).then(function () { say(text("queued")); return render(); });
  }

  function etagOf(response) {
    return (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
  }

  function messageOf(answer) {
    if (answer && Array.isArray(answer.detail)) {
      return answer.detail.map(function (d) { return d.message; }).join(" ");
    }
    return answer && typeof answer.detail === "string" ? answer.detail : "";
  }

  function statusFor(code) {
    if (code === 412) { return "conflict"; }
    if (code === 401 || code === 403) { return "login"; }
    if (code >= 500) { return "queued"; }
    return "refused";
  }

  // Sends one record. ``force`` replaces the server's version (the patient chose theirs).
  function send(record, force) {
    var headers = { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrfToken() };
    if (!force && record.version === "") { headers["If-None-Match"] = "*"; }
    if (!force && record.version) { headers["If-Match"] = "\"" + record.version + "\""; }
    return fetch(record.url, {
      method: "PUT", credentials: "same-origin", headers: headers, body: record.fields
    }).then(function (response) {
      if (response.ok) {
        rememberVersion(record, etagOf(response));
        return deleteRecord(record.key).then(function () { return "sent"; });
      }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        record.status = statusFor(response.status);
        record.message = messageOf(answer);
        return putRecord(record).then(function () { return record.status; });
      });
    }, function () { return "offline"; });
  }

  function flush() {
    if (flushing || navigator.onLine === false || !user) { return Promise.resolve(); }
    flushing = true;
    var sent = [];
    return myRecords().then(function (records) {
      return records.filter(function (r) { return r.status === "queued" || r.status === "login"; })
        .reduce(function (chain, record) {
          return chain.then(function () {
            return send(record, false).then(function (outcome) {
              if (outcome === "sent") { sent.push(record); }
            });
          });
        }, Promise.resolve());
    }).then(function () {
      flushing = false;
      if (sent.length) { say(text("sent")); }
      var mine = form && sent.some(function (r) { return r.key === keyOf(form.getAttribute("data-offline-date")); });
      if (mine) { location.reload(); return; }
      return render();
    }, function () { flushing = false; });
  }

  // ---- What the patient sees ----
  function text(name) { return panel ? panel.getAttribute("data-t-" + name) || "" : ""; }

  function say(message) {
    if (!panel) { return; }
    panel.querySelector(".offline-status").textContent = message;
    if (message) { panel.hidden = false; }
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  function dayLabel(iso) {
    var parts = iso.split("-").map(Number);
    var date = new Date(parts[0], parts[1] - 1, parts[2]);
    return date.toLocaleDateString(document.documentElement.lang || undefined,
      { weekday: "long", day: "numeric", month: "long" });
  }

  function item(record) {
    var li = document.createElement("li");
    li.setAttribute("data-queue-item", record.date);
    li.setAttribute("data-status", record.status);
    var title = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = text("day") + " " + dayLabel(record.date);
    title.appendChild(strong);
    li.appendChild(title);
    var state = document.createElement("p");
    state.textContent = text(record.status);
    li.appendChild(state);
    if (record.message) {
      var server = document.createElement("p");
      server.className = "field-error";
      server.textContent = record.message;
      li.appendChild(server);
    }
    var actions = document.createElement("div");
    actions.className = "actions";
    if (location.pathname !== record.page) {
      var link = document.createElement("a");
      link.className = "button secondary";
      link.href = record.page;
      link.textContent = text("open");
      actions.appendChild(link);
    }
    if (record.status === "conflict") {
      actions.appendChild(button(text("keep-mine"), function () {
        send(record, true).then(function () { return flush(); }).then(render);
      }));
      actions.appendChild(button(text("keep-theirs"), function () {
        deleteRecord(record.key).then(function () { location.reload(); });
      }));
    } else if (record.status === "refused") {
      actions.appendChild(button(text("discard"), function () {
        deleteRecord(record.key).then(render);
      }));
    } else if (navigator.onLine !== false) {
      actions.appendChild(button(text("retry"), function () { flush(); }));
    }
    li.appendChild(actions);
    return li;
  }

  function render() {
    if (!panel) { return Promise.resolve(); }
    return myRecords().then(function (records) {
      var list = panel.querySelector(".offline-items");
      list.textContent = "";
      records.forEach(function (record) { list.appendChild(item(record)); });
      panel.hidden = !records.length && !panel.querySelector(".offline-status").textContent;
      return records;
    });
  }

  // ---- The journal form: what was typed offline comes back, saves go through the queue ----
  function fill(element, fields) {
    var values = new URLSearchParams(fields);
    Array.prototype.forEach.call(element.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.name === "version") { return; }
      if (field.type === "checkbox") {
        field.checked = values.has(field.name);
      } else if (field.type === "radio") {
        field.checked = values.get(field.name) === field.value;
      } else if (values.has(field.name) && field.type !== "button" && field.type !== "submit") {
        field.value = values.get(field.name);
        var out = document.getElementById(field.id + "-out");
        if (out) { out.textContent = field.value; }
      }
    });
  }

  function restore() {
    if (!form) { return Promise.resolve(); }
    return getRecord(keyOf(form.getAttribute("data-offline-date"))).then(function (record) {
      if (record) { fill(form, record.fields); }
    });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (navigator.onLine === false) { queueForm(form).catch(ignore); return; }
      fetch(location.href, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (response.ok && response.redirected) {
            // Saved: what waited on the phone for this day is superseded.
            return deleteRecord(keyOf(form.getAttribute("data-offline-date")))
              .then(function () { location.assign(response.url); });
          }
          // Errors to show, or a conflict: let the server draw the page.
          HTMLFormElement.prototype.submit.call(form);
        }, function () { return queueForm(form); })
        .catch(ignore);
    });
  }

  // Other writes need the server: without network, say so instead of the browser's error page.
  document.querySelectorAll("form[data-needs-network]").forEach(function (element) {
    element.addEventListener("submit", function (event) {
      if (navigator.onLine === false) {
        event.preventDefault();
        say(text("needs-network"));
        if (panel) { panel.scrollIntoView(); }
      }
    });
  });

  // ---- Keep recent pages for reading offline: the missing ones at every page, all of them
  // again every half hour; one page at a time, and the time is noted only once all are kept
  // (leaving a page stops the round, the next page goes on with it).
  function warm() {
    var pages = (body.getAttribute("data-offline-pages") || "").split(" ").filter(Boolean);
    var served = "serviceWorker" in navigator && navigator.serviceWorker.controller;
    // Kept pages are read through the service worker only: without it, keep nothing.
    if (!pages.length || !window.caches || !served || navigator.onLine === false) { return; }
    var state = document.documentElement.dataset;
    state.offlineWarm = "running";
    var stamp = "baclo-warmed-" + user;
    var stale = Date.now() - Number(localStorage.getItem(stamp) || 0) >= WARM_EVERY_MS;
    caches.open(PAGES_CACHE).then(function (cache) {
      return pages.reduce(function (chain, path) {
        return chain.then(function () {
          var url = new URL(path, location.href).href;
          return (stale ? Promise.resolve(undefined) : cache.match(url)).then(function (kept) {
            if (kept) { return undefined; }
            return fetch(path, { credentials: "same-origin" }).then(function (response) {
              if (response.ok && !response.redirected) { return cache.put(url, response); }
              return undefined;
            });
          });
        });
      }, Promise.resolve());
    }).then(function () {
      localStorage.setItem(stamp, String(Date.now()));
    }).catch(ignore).then(function () { state.offlineWarm = "done"; });
  }

  if (!window.indexedDB || !user) { return; }
  window.addEventListener("online", function () { flush().catch(ignore); });
  flush().then(restore).then(render).then(warm).catch(ignore);
})();
