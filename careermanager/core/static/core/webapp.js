// Registers the service worker that keeps the quick capture page for use without a connection
// (core/service-worker.js, decision 0018). On a page for someone signed out, the kept page,
// which was made for a member, is forgotten; drafts waiting on the device are kept.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var script = document.currentScript;
  var worker = script && script.dataset.worker;
  if (!worker) { return; }
  var signedIn = script.dataset.signedIn === "1";
  navigator.serviceWorker.register(worker).then(function (registration) {
    if (!signedIn && registration.active) {
      registration.active.postMessage({ type: "forget-shell" });
    }
  }).catch(function () {
    // Without the worker every page still works; only the offline copy is missing.
  });
})();
