/*
 * Assistant support widget. One tag on any page:
 *   <script src="https://HOST/widget.js" data-server="https://HOST" data-api-key="WIDGET_KEY" defer></script>
 * Optional: data-title, data-lang ("ko" | "en"; default: the page's lang), data-open="true".
 * Everything lives in an open shadow root, so the page's styles and the widget's never mix. No dependencies,
 * no globals except window.AssistantWidget; text from the server is only ever set as text, never as markup.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.AssistantWidget) return;

  var TEXT = {
    en: {
      open: "Chat with us", close: "Close", title: "Ask our assistant", placeholder: "Type your question…",
      send: "Send", hello: "Hi! Ask me anything about our documents.", thinking: "Looking through the documents…",
      sources: "Sources", page: "p.", helpful: "Was this helpful?", up: "Helpful", down: "Not helpful",
      thanks: "Thanks for the feedback.", unsupported: "This citation is not backed by its source.",
      handoff: {
        "person-requested": "I've passed this conversation to our support team. A person will follow up here.",
        "negative-sentiment": "Sorry this has been frustrating. I've passed the conversation to a person on our team.",
        "not-found": "I couldn't find this in our documents, so I've passed your question to our support team.",
        other: "I've passed this conversation to our support team."
      },
      errors: {
        network: "Can't reach the assistant. Check your connection and try again.",
        auth: "This chat isn't available on this page.",
        rate: "You're sending messages too quickly. Please wait {s} seconds.",
        tooLong: "That message is too long. Please shorten it.",
        model: "The assistant couldn't answer just now. Please try again.",
        other: "Something went wrong. Please try again."
      }
    },
    ko: {
      open: "채팅 상담", close: "닫기", title: "무엇이든 물어보세요", placeholder: "질문을 입력하세요…",
      send: "보내기", hello: "안녕하세요! 문서에 관해 궁금한 점을 물어보세요.", thinking: "문서를 찾아보는 중…",
      sources: "출처", page: "쪽", helpful: "답변이 도움이 되었나요?", up: "도움이 됐어요", down: "도움이 안 됐어요",
      thanks: "의견 감사합니다.", unsupported: "이 인용은 출처에서 확인되지 않았습니다.",
      handoff: {
        "person-requested": "상담원에게 대화를 전달했어요. 담당자가 이곳에서 이어서 도와드립니다.",
        "negative-sentiment": "불편을 드려 죄송합니다. 담당자에게 대화를 전달했어요.",
        "not-found": "문서에서 답을 찾지 못해 담당자에게 질문을 전달했어요.",
        other: "담당자에게 대화를 전달했어요."
      },
      errors: {
        network: "상담 서버에 연결할 수 없습니다. 연결을 확인하고 다시 시도해 주세요.",
        auth: "이 페이지에서는 채팅을 사용할 수 없습니다.",
        rate: "메시지를 너무 빨리 보내고 있어요. {s}초 후에 다시 시도해 주세요.",
        tooLong: "메시지가 너무 깁니다. 줄여서 다시 보내 주세요.",
        model: "지금은 답변할 수 없어요. 잠시 후 다시 시도해 주세요.",
        other: "문제가 생겼어요. 다시 시도해 주세요."
      }
    }
  };

  var data = script.dataset;
  var server = (data.server || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var apiKey = data.apiKey || "";
  var lang = (data.lang || document.documentElement.lang || navigator.language || "en").toLowerCase().indexOf("ko") === 0 ? "ko" : "en";
  var t = TEXT[lang];
  var storageKey = "assistant-widget:" + server;

  var CSS = [
    // The page's rules for the host element beat :host ones unless those are !important; everything else is set on .frame.
    ":host{all:initial !important;display:block !important}",
    ".frame{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:15px/1.45 system-ui,-apple-system,'Segoe UI','Noto Sans KR','Apple SD Gothic Neo','Malgun Gothic','NanumGothic',sans-serif;color:#1f2328;text-align:left;letter-spacing:normal}",
    "*{box-sizing:border-box}",
    "button{font:inherit;cursor:pointer}",
    ".launcher{border:0;border-radius:999px;padding:12px 18px;background:#1f6feb;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.2)}",
    ".launcher:focus-visible,.send:focus-visible,.fb button:focus-visible{outline:3px solid #9ec5fe;outline-offset:2px}",
    ".panel{display:flex;flex-direction:column;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 40px));background:#fff;border:1px solid #d0d7de;border-radius:14px;box-shadow:0 10px 30px rgba(0,0,0,.18);overflow:hidden}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#1f6feb;color:#fff;font-weight:600}",
    "header button{border:0;background:transparent;color:#fff;font-size:20px;line-height:1;padding:4px 8px}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;background:#f6f8fa}",
    ".msg{max-width:88%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".user{align-self:flex-end;background:#1f6feb;color:#fff;border-bottom-right-radius:4px}",
    ".bot{align-self:flex-start;background:#fff;border:1px solid #d0d7de;border-bottom-left-radius:4px}",
    ".bot[data-state=waiting] .answer{color:#57606a;font-style:italic}",
    ".cite{font-size:.75em;vertical-align:super;text-decoration:none;color:#1f6feb;padding:0 1px}",
    ".cite.unsupported{color:#8c959f;text-decoration:line-through}",
    ".sources{margin:8px 0 0;padding:8px 0 0;border-top:1px solid #eaeef2;font-size:.85em;white-space:normal}",
    ".sources h4{margin:0 0 4px;font-size:1em}",
    ".sources ol{margin:0;padding-left:1.4em}",
    ".sources li{margin:2px 0}",
    ".sources li:target,.sources li.flash{background:#fff8c5}",
    ".sources a{color:#0969da}",
    ".sources .excerpt{display:block;color:#57606a;font-size:.92em;margin-top:2px}",
    ".fb{display:flex;align-items:center;gap:6px;margin-top:8px;font-size:.85em;color:#57606a;white-space:normal}",
    ".fb button{display:inline-flex;align-items:center;border:1px solid #d0d7de;background:#fff;border-radius:8px;padding:3px 8px;color:#57606a}",
    ".fb svg{width:16px;height:16px;fill:currentColor}",
    ".fb button[aria-pressed=true]{background:#ddf4ff;border-color:#54aeff}",
    ".notice{align-self:stretch;padding:8px 12px;border-radius:10px;background:#fff8c5;border:1px solid #d4a72c;font-size:.9em}",
    ".error{align-self:stretch;padding:8px 12px;border-radius:10px;background:#ffebe9;border:1px solid #ff8182;font-size:.9em}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de;background:#fff}",
    "textarea{flex:1;resize:none;font:inherit;padding:8px;border:1px solid #d0d7de;border-radius:8px;height:44px;max-height:120px}",
    ".send{border:0;border-radius:8px;padding:0 14px;background:#1f6feb;color:#fff}",
    ".send:disabled{background:#8c959f;cursor:default}"
  ].join("\n");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text != null) node.textContent = text;
    return node;
  }

  // ---- the DOM ----------------------------------------------------------------------------------------------
  // A custom element name: page rules written for div, section or button never match the host.
  var host = el("assistant-widget", { id: "assistant-widget", "data-lang": lang });
  var root = host.attachShadow({ mode: "open" });
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    // A constructed sheet is not inline style, so pages with a strict style-src still render the widget.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", null, CSS));
  }

  var launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false" }, t.open);
  var panel = el("section", { class: "panel", role: "dialog", "aria-label": data.title || t.title });
  panel.hidden = true;
  var header = el("header");
  header.appendChild(el("span", null, data.title || t.title));
  var closeButton = el("button", { type: "button", "aria-label": t.close, title: t.close }, "×");
  header.appendChild(closeButton);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite" });
  var form = el("form");
  var input = el("textarea", { rows: "1", "aria-label": t.placeholder, placeholder: t.placeholder, maxlength: "8000" });
  var sendButton = el("button", { class: "send", type: "submit" }, t.send);
  form.appendChild(input);
  form.appendChild(sendButton);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  var frame = el("div", { class: "frame" });
  frame.appendChild(launcher);
  frame.appendChild(panel);
  root.appendChild(frame);

  function setOpen(open) {
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!log.firstChild) {
        say("bot", t.hello);
        restore();
      }
      input.focus();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(true); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var question = input.value.trim();
    if (!question || busy) return;
    input.value = "";
    ask(question);
  });

  function say(kind, text) {
    var node = el("div", { class: "msg " + kind }, text);
    log.appendChild(node);
    scroll();
    return node;
  }

  function notice(kind, text) {
    var node = el("div", { class: kind, role: kind === "error" ? "alert" : "status" }, text);
    log.appendChild(node);
    scroll();
    return node;
  }

  function scroll() { log.scrollTop = log.scrollHeight; }

  // ---- the API ----------------------------------------------------------------------------------------------
  var conversationId = null;
  var busy = false;
  try { conversationId = sessionStorage.getItem(storageKey); } catch (e) { /* storage may be blocked */ }

  function api(path, body, accept) {
    return fetch(server + path, {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Accept": accept || "application/json", "X-Api-Key": apiKey },
      body: JSON.stringify(body || {})
    });
  }

  // A conversation kept in this tab (sessionStorage) is shown again after the visitor moves to another page.
  function restore() {
    if (!conversationId) return;
    fetch(server + "/api/conversations/" + encodeURIComponent(conversationId), {
      mode: "cors", credentials: "omit", headers: { "Accept": "application/json", "X-Api-Key": apiKey }
    }).then(function (response) {
      if (!response.ok) throw response;
      return response.json();
    }).then(function (conversation) {
      (conversation.messages || []).forEach(function (m) {
        say("user", m.content);
        var bubble = el("div", { class: "msg bot" });
        var answer = el("div", { class: "answer" });
        bubble.appendChild(answer);
        log.appendChild(bubble);
        complete(bubble, answer, m.reply, true);
      });
    }).catch(function () {
      // Gone, or not readable from this page: start afresh rather than show an error for history.
      conversationId = null;
      try { sessionStorage.removeItem(storageKey); } catch (e) { /* fine */ }
    });
  }

  function failure(response) {
    var status = response ? response.status : 0;
    if (status === 0) return t.errors.network;
    if (status === 401 || status === 403) {
      console.error("Assistant widget: the server refused this key from " + location.origin +
        " (HTTP " + status + "). Check data-api-key, and that the key's role is widget with this origin in its AllowedOrigins.");
      return t.errors.auth;
    }
    if (status === 429) return t.errors.rate.replace("{s}", response.headers.get("Retry-After") || "60");
    if (status === 413) return t.errors.tooLong;
    if (status === 502) return t.errors.model;
    return t.errors.other;
  }

  function ensureConversation() {
    if (conversationId) return Promise.resolve(conversationId);
    return api("/api/conversations", {}).then(function (response) {
      if (!response.ok) throw response;
      return response.json();
    }).then(function (created) {
      conversationId = created.id;
      try { sessionStorage.setItem(storageKey, conversationId); } catch (e) { /* fine */ }
      return conversationId;
    });
  }

  function ask(question) {
    busy = true;
    sendButton.disabled = true;
    say("user", question);
    var bubble = el("div", { class: "msg bot", "data-state": "waiting" });
    var answer = el("div", { class: "answer" }, t.thinking);
    bubble.appendChild(answer);
    log.appendChild(bubble);
    scroll();

    ensureConversation()
      .then(function (id) { return send(id, question, bubble, answer, true); })
      .catch(function (problem) { fail(bubble, problem); })
      .then(function () { busy = false; sendButton.disabled = false; input.focus(); });
  }

  function send(id, question, bubble, answer, retryOnMissing) {
    return api("/api/conversations/" + encodeURIComponent(id) + "/messages", { content: question }, "text/event-stream")
      .then(function (response) {
        if (response.status === 404 && retryOnMissing) {
          // The stored conversation is gone (another key, or deleted): start a new one once.
          conversationId = null;
          try { sessionStorage.removeItem(storageKey); } catch (e) { /* fine */ }
          return ensureConversation().then(function (fresh) { return send(fresh, question, bubble, answer, false); });
        }
        if (!response.ok || !response.body) throw response;
        return readEvents(response.body, bubble, answer);
      });
  }

  // Server-Sent Events over fetch (EventSource cannot POST or send a key): events end at a blank line.
  function readEvents(body, bubble, answer) {
    var reader = body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var text = "";
    var finished = false;

    function handle(block) {
      var name = "message", payload = "";
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) name = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) payload += line.slice(5).replace(/^ /, "");
      });
      if (!payload) return;
      var value = JSON.parse(payload);
      if (name === "token") {
        if (bubble.getAttribute("data-state") === "waiting") { text = ""; bubble.setAttribute("data-state", "streaming"); }
        text += value.text;
        answer.textContent = text;
        scroll();
      } else if (name === "done") {
        finished = true;
        complete(bubble, answer, value);
      } else if (name === "error") {
        finished = true;
        fail(bubble, { status: value.status || 500, headers: new Headers() });
      }
    }

    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (buffer.trim()) handle(buffer);
          if (!finished) fail(bubble, null);
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          handle(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        return pump();
      });
    }

    return pump();
  }

  function fail(bubble, problem) {
    bubble.setAttribute("data-state", "failed");
    bubble.remove();
    var response = problem && typeof problem.status === "number" ? problem : null;
    notice("error", failure(response));
  }

  // ---- a finished reply: citations, sources, feedback, hand-off ---------------------------------------------
  function complete(bubble, answer, reply, restored) {
    var supported = {};
    (reply.citations || []).forEach(function (c) { supported[c.n] = c.supported; });
    var sourceIds = {};
    var prefix = "src-" + reply.messageId + "-";
    (reply.sources || []).forEach(function (s) { sourceIds[s.n] = prefix + s.n; });

    answer.textContent = "";
    var pattern = /\[(\d+(?:\s*,\s*\d+)*)\]/g, last = 0, match;
    var text = reply.answer || "";
    while ((match = pattern.exec(text)) !== null) {
      answer.appendChild(document.createTextNode(text.slice(last, match.index)));
      match[1].split(",").forEach(function (part) {
        var n = parseInt(part, 10);
        if (!sourceIds[n]) { answer.appendChild(document.createTextNode("[" + n + "]")); return; }
        var link = el("a", { class: "cite" + (supported[n] === false ? " unsupported" : ""), href: "#" + sourceIds[n], "data-n": String(n) }, "[" + n + "]");
        if (supported[n] === false) link.title = t.unsupported;
        link.addEventListener("click", function (e) { e.preventDefault(); focusSource(sourceIds[n]); });
        answer.appendChild(link);
      });
      last = pattern.lastIndex;
    }
    answer.appendChild(document.createTextNode(text.slice(last)));

    if (reply.sources && reply.sources.length) {
      var box = el("div", { class: "sources" });
      box.appendChild(el("h4", null, t.sources));
      var list = el("ol");
      reply.sources.forEach(function (s) {
        var item = el("li", { id: sourceIds[s.n], value: String(s.n) });
        var label = s.source + (s.section ? " › " + s.section : "") + (s.page ? " (" + (lang === "ko" ? s.page + t.page : t.page + " " + s.page) + ")" : "");
        if (s.url && /^https?:\/\//i.test(s.url)) {
          item.appendChild(el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, label));
        } else {
          item.appendChild(el("span", null, label));
        }
        if (s.text) item.appendChild(el("span", { class: "excerpt" }, s.text.length > 220 ? s.text.slice(0, 220) + "…" : s.text));
        list.appendChild(item);
      });
      box.appendChild(list);
      bubble.appendChild(box);
    }

    bubble.appendChild(feedback(reply.messageId));
    bubble.setAttribute("data-state", "done");
    bubble.setAttribute("data-message-id", String(reply.messageId));
    if (reply.escalate && !restored) {
      notice("notice", t.handoff[reply.escalationReason] || t.handoff.other).setAttribute("data-reason", reply.escalationReason || "");
    }
    scroll();
  }

  function focusSource(id) {
    var item = root.getElementById(id);
    if (!item) return;
    item.scrollIntoView({ block: "nearest" });
    item.classList.add("flash");
    setTimeout(function () { item.classList.remove("flash"); }, 1500);
  }

  // Drawn, not an emoji: the same thumb on every system, with or without an emoji font.
  function thumb(down) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 7.9 6 8.4 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z");
    if (down) path.setAttribute("transform", "rotate(180 12 12)");
    svg.appendChild(path);
    return svg;
  }

  function feedback(messageId) {
    var row = el("div", { class: "fb" });
    row.appendChild(el("span", null, t.helpful));
    [["up", t.up], ["down", t.down]].forEach(function (choice) {
      var button = el("button", { type: "button", "data-rating": choice[0], "aria-label": choice[1], title: choice[1], "aria-pressed": "false" });
      button.appendChild(thumb(choice[0] === "down"));
      button.addEventListener("click", function () {
        row.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        api("/api/conversations/" + encodeURIComponent(conversationId) + "/feedback", { messageId: messageId, rating: choice[0] })
          .then(function (response) {
            if (!response.ok) throw response;
            button.setAttribute("aria-pressed", "true");
            row.appendChild(el("span", { class: "thanks", role: "status" }, t.thanks));
          })
          .catch(function (problem) {
            row.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
            notice("error", failure(problem && typeof problem.status === "number" ? problem : null));
          });
      });
      row.appendChild(button);
    });
    return row;
  }

  function mount() {
    document.body.appendChild(host);
    if (!apiKey) console.error("Assistant widget: data-api-key is missing on the script tag.");
    if (data.open === "true") setOpen(true);
  }

  window.AssistantWidget = { open: function () { setOpen(true); }, close: function () { setOpen(false); }, lang: lang };
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
