// Quick capture: every activity saved here is first kept on the device as a draft (IndexedDB),
// then sent to the server with a key made when the draft was made. A draft leaves the device
// only when the server says it is saved, so a lost connection or a lost answer never loses it,
// and sending it again (same key) never saves it twice. Without JavaScript the form is posted
// as any other.
(function () {
  "use strict";

  var DB_NAME = "careermanager-capture";
  var STORE = "drafts";
  var FIELDS = ["title", "type", "start_date", "hours", "description"];
  var STATES = {
    waiting: "Waiting for a connection",
    sending: "Sending…",
    "signed-out": "Sign in again to send this draft",
    "someone-else": "Made while someone else was signed in on this device",
    invalid: "Needs correcting before it can be sent"
  };

  var form, statusRegion, waiting, list, sentSection, sentList, sendButton;
  var member, sendUrl, loginUrl, csrfCookie;
  var editingKey = null;
  var sending = false;
  var sendAgain = false;

  // ---- The drafts, kept in IndexedDB -------------------------------------------------------

  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDatabase().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function allDrafts() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (drafts) {
      return (drafts || []).filter(function (draft) { return draft.member === member; })
        .sort(function (a, b) { return a.made < b.made ? -1 : 1; });
    });
  }

  function putDraft(draft) {
    return withStore("readwrite", function (store) { store.put(draft); });
  }

  function deleteDraft(key) {
    return withStore("readwrite", function (store) { store.delete(key); });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ---- What the member sees ----------------------------------------------------------------

  function announce(text) {
    statusRegion.textContent = text;
  }

  function typeLabel(value) {
    var input = form.querySelector('input[name="type"][value="' + CSS.escape(value) + '"]');
    var label = input && input.labels && input.labels[0];
    return label ? label.textContent.trim() : value;
  }

  function shownDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) { return iso || "no date"; }
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function shownHours(hours) {
    if (!hours) { return "no hours"; }
    return hours + (Number(hours) === 1 ? " hour" : " hours");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // A button whose words are seen, with the draft's title for those who hear it.
  function namedButton(words, draft) {
    var button = element("button", "button--secondary", words);
    button.type = "button";
    button.appendChild(element("span", "visually-hidden", ": “" + (draft.values.title || "") + "”"));
    return button;
  }

  function render(drafts) {
    list.textContent = "";
    drafts.forEach(function (draft) {
      var problem = draft.state !== "waiting" && draft.state !== "sending";
      var item = element("li", "capture-draft" + (problem ? " capture-draft--problem" : ""));
      item.dataset.key = draft.key;
      item.appendChild(element("span", "capture-draft__title", draft.values.title || "(no title)"));
      item.appendChild(element("span", "capture-draft__when",
        shownDate(draft.values.start_date) + ", " + shownHours(draft.values.hours) +
        (draft.values.type ? ", " + typeLabel(draft.values.type) : "")));
      var state = element("strong", "capture-draft__state", STATES[draft.state] || STATES.waiting);
      item.appendChild(state);
      if (draft.state === "signed-out") {
        var signIn = element("a", "", "Sign in again to send this draft");
        signIn.href = loginUrl;
        state.textContent = "";
        state.appendChild(signIn);
      }
      if (draft.errors) {
        var errors = element("ul", "field__errors");
        Object.keys(draft.errors).forEach(function (name) {
          draft.errors[name].forEach(function (message) { errors.appendChild(element("li", "", message)); });
        });
        item.appendChild(errors);
      }
      var buttons = element("div", "button-group");
      if (draft.state === "invalid") {
        var correct = namedButton("Correct this draft", draft);
        correct.addEventListener("click", function () { openDraft(draft); });
        buttons.appendChild(correct);
      }
      var remove = namedButton("Remove from this device", draft);
      remove.addEventListener("click", function () {
        deleteDraft(draft.key).then(refresh).then(function () {
          announce("The draft “" + (draft.values.title || "") + "” was removed from this device.");
        });
      });
      buttons.appendChild(remove);
      item.appendChild(buttons);
      list.appendChild(item);
    });
    waiting.hidden = drafts.length === 0;
    return drafts;
  }

  function refresh() {
    return allDrafts().then(render);
  }

  function noteSent(draft, url) {
    var item = element("li");
    var link = element("a", "", draft.values.title);
    link.href = url;
    item.appendChild(link);
    item.appendChild(document.createTextNode(", " + shownDate(draft.values.start_date)));
    sentList.appendChild(item);
    sentSection.hidden = false;
  }

  // ---- Errors beside the fields, and in a summary ------------------------------------------

  function clearErrors() {
    form.querySelectorAll(".js-error").forEach(function (node) { node.remove(); });
    form.querySelectorAll(".field--error").forEach(function (node) { node.classList.remove("field--error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      var described = (node.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/_jserror$/.test(id);
      });
      if (described.length) { node.setAttribute("aria-describedby", described.join(" ")); }
      else { node.removeAttribute("aria-describedby"); }
    });
  }

  function showErrors(errors) {
    clearErrors();
    var summary = element("div", "error-summary js-error");
    summary.setAttribute("role", "alert");
    summary.tabIndex = -1;
    summary.appendChild(element("h2", "error-summary__title", "There is a problem"));
    var items = element("ul", "error-summary__list");
    summary.appendChild(items);
    Object.keys(errors).forEach(function (name) {
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      if (!inputs.length) {
        errors[name].forEach(function (message) { items.appendChild(element("li", "", message)); });
        return;
      }
      var field = inputs[0].closest(".field");
      var messages = element("ul", "field__errors js-error");
      messages.id = inputs[0].id + "_jserror";
      errors[name].forEach(function (message) {
        var line = element("li");
        line.appendChild(element("span", "visually-hidden", "Error:"));
        line.appendChild(document.createTextNode(" " + message));
        messages.appendChild(line);
        var entry = element("li");
        var link = element("a", "", message);
        link.href = "#" + inputs[0].id;
        entry.appendChild(link);
        items.appendChild(entry);
      });
      field.classList.add("field--error");
      var anchor = field.querySelector(".field__hint") || field.querySelector("legend, label");
      anchor.insertAdjacentElement("afterend", messages);
      inputs.forEach(function (input) {
        input.setAttribute("aria-invalid", "true");
        var described = input.getAttribute("aria-describedby");
        input.setAttribute("aria-describedby", (described ? described + " " : "") + messages.id);
      });
    });
    form.insertAdjacentElement("afterbegin", summary);
    summary.focus();
  }

  // What must be there before a draft is worth keeping; the server checks everything again.
  function missing(values) {
    var errors = {};
    if (!values.title.trim()) { errors.title = ["Enter a title"]; }
    if (!values.type) { errors.type = ["Choose the type of activity"]; }
    if (!values.start_date) { errors.start_date = ["Enter the date."]; }
    if (!values.hours) { errors.hours = ["Enter the number of hours"]; }
    else if (!(Number(values.hours) > 0)) { errors.hours = ["The hours must be more than 0"]; }
    return errors;
  }

  // ---- The form ----------------------------------------------------------------------------

  function readForm() {
    var data = new FormData(form);
    var values = {};
    FIELDS.forEach(function (name) { values[name] = (data.get(name) || "").toString(); });
    return values;
  }

  function fillForm(values) {
    FIELDS.forEach(function (name) {
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      inputs.forEach(function (input) {
        if (input.type === "radio") { input.checked = input.value === values[name]; }
        else { input.value = values[name] || ""; }
      });
    });
    // The character count under the note follows what is in it now.
    form.elements.description.dispatchEvent(new Event("input"));
  }

  function resetForm() {
    var date = form.elements.start_date.value;
    var type = (form.querySelector('input[name="type"]:checked') || {}).value;
    form.reset();
    clearErrors();
    // Several activities of a day are often logged together: keep its date and type.
    form.elements.start_date.value = date;
    fillForm(Object.assign(readForm(), type ? { type: type } : {}));
    editingKey = null;
  }

  function openDraft(draft) {
    editingKey = draft.key;
    fillForm(draft.values);
    showErrors(draft.errors || {});
    announce("The draft “" + (draft.values.title || "") + "” is in the form. Correct it and save it again.");
  }

  function save(event) {
    event.preventDefault();
    var values = readForm();
    var errors = missing(values);
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    var draft = {
      key: editingKey || newKey(),
      member: member,
      values: values,
      state: "waiting",
      errors: null,
      made: new Date().toISOString()
    };
    putDraft(draft).then(function () {
      resetForm();
      form.elements.title.focus();
      announce(navigator.onLine
        ? "“" + values.title + "” is kept on this device and being sent."
        : "You are offline. “" + values.title + "” is kept on this device and will be sent when you are back online.");
      return refresh();
    }).then(sendAll).catch(function () {
      // Without IndexedDB (a private window in some browsers) the form is posted as it stands.
      form.submit();
    });
  }

  // ---- Sending -----------------------------------------------------------------------------

  function csrfToken() {
    var match = document.cookie.split("; ").filter(function (part) {
      return part.indexOf(csrfCookie + "=") === 0;
    })[0];
    if (match) { return decodeURIComponent(match.slice(csrfCookie.length + 1)); }
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function send(draft) {
    var body = new FormData();
    FIELDS.forEach(function (name) { body.append(name, draft.values[name] || ""); });
    body.append("once_token", draft.key);
    body.append("member", draft.member);
    return fetch(sendUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        return { status: response.status, answer: answer };
      });
    });
  }

  function handle(draft, reply) {
    var answer = reply.answer || {};
    if (reply.status === 200 || reply.status === 201) {
      return deleteDraft(draft.key).then(function () {
        noteSent(draft, answer.url);
        return answer.message || "“" + draft.values.title + "” is sent and saved.";
      });
    }
    if (reply.status === 400 && answer.state === "invalid") {
      draft.state = "invalid";
      draft.errors = answer.errors || {};
    } else if (reply.status === 403 && answer.state === "someone-else") {
      draft.state = "someone-else";
    } else if (reply.status === 401 || reply.status === 403) {
      draft.state = "signed-out";
      if (answer.login_url) { loginUrl = answer.login_url; }
    } else {
      draft.state = "waiting";
    }
    return putDraft(draft).then(function () {
      return STATES[draft.state] + ": “" + draft.values.title + "”.";
    });
  }

  function sendAll() {
    if (sending) {
      // Asked again while sending (the connection came back mid-way): go round once more after.
      sendAgain = true;
      return Promise.resolve();
    }
    sending = true;
    sendAgain = false;
    var said = [];
    return allDrafts().then(function (drafts) {
      var due = drafts.filter(function (draft) { return draft.state !== "invalid"; });
      return due.reduce(function (previous, draft) {
        return previous.then(function () {
          if (!navigator.onLine) { return; }
          draft.state = "sending";
          return putDraft(draft).then(refresh).then(function () { return send(draft); })
            .then(function (reply) { return handle(draft, reply); },
              function () {
                draft.state = "waiting";
                return putDraft(draft).then(function () {
                  return "Not sent yet: “" + draft.values.title + "” will be sent when the connection is back.";
                });
              })
            .then(function (message) { said.push(message); });
        });
      }, Promise.resolve());
    }).then(function () {
      if (said.length) { announce(said.join(" ")); }
      return refresh();
    }).finally(function () {
      sending = false;
      if (sendAgain) { sendAll(); }
    });
  }

  // ---- Offline support ---------------------------------------------------------------------

  function offlineReady() {
    if (!("serviceWorker" in navigator) || !window.caches) { return; }
    navigator.serviceWorker.ready.then(function () {
      return caches.match(location.pathname, { ignoreSearch: true, ignoreVary: true });
    }).then(function (kept) {
      if (kept) {
        document.getElementById("capture-offline").hidden = false;
        document.documentElement.dataset.offlineReady = "1";
      }
    });
  }

  function start() {
    form = document.getElementById("capture-form");
    if (!form || !window.indexedDB || !window.Promise || !window.fetch) { return; }
    statusRegion = document.getElementById("capture-status");
    waiting = document.getElementById("capture-waiting");
    list = document.getElementById("capture-drafts");
    sentSection = document.getElementById("capture-sent");
    sentList = document.getElementById("capture-sent-list");
    sendButton = document.getElementById("capture-send-now");
    member = form.dataset.member;
    sendUrl = form.dataset.sendUrl;
    loginUrl = form.dataset.loginUrl;
    csrfCookie = form.dataset.csrfCookie || "csrftoken";

    form.addEventListener("submit", save);
    sendButton.addEventListener("click", function () {
      if (!navigator.onLine) {
        announce("You are offline. Your drafts will be sent when you are back online.");
        return;
      }
      sendAll();
    });
    window.addEventListener("online", function () {
      allDrafts().then(function (drafts) {
        if (drafts.length) { announce("You are back online. Sending your drafts."); }
        return sendAll();
      });
    });
    window.addEventListener("offline", function () {
      announce("You are offline. What you save is kept on this device.");
    });
    document.documentElement.dataset.capture = "ready";
    refresh().then(function () { if (navigator.onLine) { return sendAll(); } });
    offlineReady();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
