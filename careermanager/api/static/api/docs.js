// The interactive API reference: Swagger UI, sending the CSRF token with the session's changes.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    var settings = document.getElementById("swagger-settings");
    if (!root || !settings || typeof window.SwaggerUIBundle === "undefined") return;
    var config = JSON.parse(settings.textContent);
    var csrf = root.dataset.csrfToken;
    config.dom_id = "#swagger-ui";
    config.presets = [window.SwaggerUIBundle.presets.apis];
    config.requestInterceptor = function (request) {
      if (csrf) request.headers["X-CSRFToken"] = csrf;
      return request;
    };
    window.SwaggerUIBundle(config);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
