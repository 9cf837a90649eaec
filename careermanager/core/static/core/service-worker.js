// The service worker: keeps the quick capture page and the files it loads, so that CPD can be
// logged without a connection (decision 0018). Served by core.webapp at /service-worker.js,
// which fills in CONFIG: the page kept, the files it loads and a version that changes with
// any of them.
"use strict";

const CONFIG = /* served by core.webapp */ {};
const PREFIX = "careermanager-shell-";
const CACHE = PREFIX + CONFIG.version;
const ASSETS = new Set(CONFIG.assets || []);
// The server marks the one page that may be kept (cpd.views.capture.SHELL_HEADER).
const SHELL_HEADER = "X-Offline-Shell";

function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected &&
    response.headers.get(SHELL_HEADER) === "1";
}

// Fetch the page afresh and keep it, or forget it when the member is signed out.
async function refreshShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(CONFIG.shell, { credentials: "same-origin", redirect: "manual" });
  if (keepable(response)) {
    await cache.put(CONFIG.shell, response);
  } else if (response.type === "opaqueredirect" || response.status === 403) {
    await cache.delete(CONFIG.shell);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([...ASSETS]);
    // Only a signed-in member's page is kept; a failure here still installs the worker.
    await refreshShell().catch(() => undefined);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))
    );
    await self.clients.claim();
  })());
});

// The network first; the kept page only when the network cannot be reached.
async function shellNavigation(request) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await cache.match(CONFIG.shell, { ignoreSearch: true, ignoreVary: true });
    return kept || Response.error();
  }
  if (keepable(response)) {
    await cache.put(CONFIG.shell, response.clone());
  } else if (response.type === "opaqueredirect") {
    await cache.delete(CONFIG.shell);  // signed out: the page is theirs no longer
  }
  return response;
}

// Files named in CONFIG.assets change their version when they change, so the kept copy is
// right for this worker.
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Every other page goes to the network as if there were no worker.
    if (url.pathname === CONFIG.shell) {
      event.respondWith(shellNavigation(request));
    }
    return;
  }
  if (ASSETS.has(url.pathname) && !url.search) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-shell") {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(CONFIG.shell)));
  }
});
