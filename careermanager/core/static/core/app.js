// Small enhancements on top of pages that already work without JavaScript.
(function () {
  "use strict";

  // Move focus to the error summary after a failed submit, so it is read out first.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }

  // "You have N characters remaining" under fields with a maxlength.
  function characterCounts(root) {
    root.querySelectorAll("textarea[maxlength][data-count]").forEach(function (field) {
      if (field.dataset.counted) { return; }
      field.dataset.counted = "1";
      var limit = parseInt(field.getAttribute("maxlength"), 10);
      // Let people type past the limit and see how far over they are; the server enforces it.
      field.removeAttribute("maxlength");
      var message = document.createElement("div");
      message.className = "character-count";
      message.id = field.id + "_count";
      message.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", message);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + message.id);
      function update() {
        var left = limit - field.value.length;
        message.textContent = left >= 0
          ? "You have " + left.toLocaleString() + " character" + (left === 1 ? "" : "s") + " remaining"
          : "You are " + (-left).toLocaleString() + " character" + (left === -1 ? "" : "s") + " over";
        message.classList.toggle("character-count--over", left < 0);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function enhance(root) {
    focusErrorSummary(root);
    characterCounts(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
