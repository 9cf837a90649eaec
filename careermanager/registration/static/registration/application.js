// The application's long texts: a character count under each, updated as the member types.
// It is not announced on every keystroke: the length meter below the field (a polite live
// region the server fills through htmx once typing pauses) says the same for screen readers.
(function () {
  "use strict";

  function plural(count, noun) {
    return count.toLocaleString("en-GB") + " " + noun + (count === 1 ? "" : "s");
  }

  // Counted as the server counts (registration/length.py): surrounding space left out.
  function length(text) {
    return text.replace(/\r\n/g, "\n").trim().length;
  }

  function counter(field) {
    if (field.dataset.lengthCounted) { return; }
    field.dataset.lengthCounted = "1";
    var guide = parseInt(field.dataset.guide || "0", 10);
    var message = document.createElement("div");
    message.className = "character-count";
    message.id = field.id + "_length";
    field.insertAdjacentElement("afterend", message);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + message.id);
    function update() {
      var chars = length(field.value);
      var over = guide ? chars - guide : 0;
      if (!guide) {
        message.textContent = plural(chars, "character");
      } else if (over > 0) {
        message.textContent = plural(over, "character") + " over the guide of about " + guide.toLocaleString("en-GB");
      } else {
        message.textContent = plural(-over, "character") + " left of the guide of about " + guide.toLocaleString("en-GB");
      }
      message.classList.toggle("character-count--over", over > 0);
    }
    field.addEventListener("input", update);
    update();
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-length-count]").forEach(counter);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
})();
