"""Live reload: what the browser is told after each rebuild, and the script
that listens. No I/O here except through the `exists` callable; serve.py
does the HTTP.

Every finished rebuild is published as a numbered `Result` (the epoch). A
page knows the epoch it was served at (it is written into the injected
script), so a client connecting late, or reconnecting, misses nothing: it
gets the union of what was written since. Only pages whose own file was
written reload; a CSS-only change swaps the stylesheet in place; build
errors are shown as an overlay until a build succeeds.

"Reload" is done in place: the script fetches the page and swaps its body
and changed head elements into the document (scroll position, window state
and unchanged stylesheets kept; no flash), then listens again from the
epoch the fetched page was served at (EPOCH_HEADER). A page that runs
scripts of its own (search) is reloaded as a whole, as is any page whose
fetch fails, redirects or is not found."""
from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GeneratorError

EVENTS_PATH = "/__livereload/events"
EPOCH_HEADER = "X-Livereload-Epoch"    # on served HTML: the epoch its files are from
HISTORY = 200           # results kept for late or reconnecting clients


@dataclass(frozen=True, slots=True)
class Problem:
    """One error shown in the overlay; the browser renders it as text."""
    message: str
    path: str = ""
    line: int | None = None
    hint: str = ""

    @classmethod
    def of(cls, exc: BaseException, root: Path | None = None) -> Problem:
        if isinstance(exc, GeneratorError):
            path = exc.path
            if path is not None and root is not None and path.is_absolute() and path.is_relative_to(root):
                path = path.relative_to(root)
            return cls(exc.message, str(path) if path else "", exc.line, exc.hint or "")
        return cls(f"internal error: {type(exc).__name__}: {exc} (a bug; see the terminal)")

    def as_json(self) -> dict[str, object]:
        return {"message": self.message, "path": self.path, "line": self.line, "hint": self.hint}


@dataclass(frozen=True, slots=True)
class Result:
    epoch: int
    written: frozenset[str] = frozenset()
    problems: tuple[Problem, ...] = ()
    first_event: float | None = None       # monotonic time of the change that led to it (debug timings)


@dataclass(frozen=True, slots=True)
class Message:
    epoch: int
    problems: tuple[Problem, ...]
    action: str | None = None              # None | "reload" | "css"
    css: tuple[str, ...] = ()              # stylesheets to swap (with "reload": after the page)
    first_event: float | None = None
    whole: bool = False                    # "reload" the whole page, not in place (a script or image changed)

    def as_sse(self, instance: str) -> bytes:
        data = json.dumps({"epoch": f"{instance}:{self.epoch}", "action": self.action,
                           "css": list(self.css), "whole": self.whole,
                           "errors": [p.as_json() for p in self.problems]})
        return f"id: {instance}:{self.epoch}\ndata: {data}\n\n".encode()


def page_action(page_files: set[str], written: Iterable[str]) -> tuple[str | None, tuple[str, ...], bool]:
    """(action, stylesheets, whole). Reload when the page's own file
    changed (in place, then swap changed CSS), or the whole page when a
    non-CSS static asset did (a script or an image any page may use); else
    swap changed CSS."""
    written = set(written)
    css = tuple(sorted(w for w in written if w.endswith(".css")))
    if any(w.startswith("static/") and not w.endswith(".css") for w in written):
        return "reload", (), True
    if page_files & written:
        return "reload", css, False
    return ("css", css, False) if css else (None, (), False)


@dataclass
class Broadcaster:
    """The published results; SSE handlers wait on it. Thread-safe."""
    instance: str = field(default_factory=lambda: secrets.token_hex(4))
    epoch: int = 0
    problems: tuple[Problem, ...] = ()
    closed: bool = False
    _history: list[Result] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, written: Iterable[str], problems: Iterable[Problem] = (),
                first_event: float | None = None) -> int:
        with self._cond:
            self.epoch += 1
            self.problems = tuple(problems)
            self._history.append(Result(self.epoch, frozenset(written), self.problems, first_event))
            del self._history[:-HISTORY]
            self._cond.notify_all()
            return self.epoch

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def parse_epoch(self, token: str | None) -> int | None:
        """'<instance>:<n>' → n; None when from another server run or bad."""
        instance, _, number = (token or "").partition(":")
        if instance != self.instance or not number.isdigit() or int(number) > self.epoch:
            return None
        return int(number)

    def wait(self, after: int, timeout: float) -> int:
        """Block until an epoch later than `after` (or close, or timeout)."""
        with self._cond:
            self._cond.wait_for(lambda: self.epoch > after or self.closed, timeout)
            return self.epoch

    def message(self, since: int | None, page_files: Callable[[], set[str]]) -> Message:
        """What a page served at epoch `since` must do now (None: unknown,
        e.g. served by an earlier run of the server: reload)."""
        with self._cond:
            epoch, problems = self.epoch, self.problems
            history = [r for r in self._history if since is not None and r.epoch > since]
            complete = since is not None and (since == epoch or bool(history) and history[0].epoch == since + 1)
        if not complete:
            return Message(epoch, problems, "reload")
        written: set[str] = set()
        for result in history:
            written |= result.written
        action, css, whole = page_action(page_files(), written) if written else (None, (), False)
        return Message(epoch, problems, action, css, history[-1].first_event if history else None, whole)


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(html: bytes, epoch_token: str) -> bytes:
    """The client script before the last </body> (appended if there is none).
    Only ever applied to a response, never to a file in site/."""
    script = CLIENT_SCRIPT.replace("__EPOCH__", json.dumps(epoch_token)).encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + script
    at = matches[-1].start()
    return html[:at] + script + html[at:]


# Plain ES5-ish, no dependencies. The overlay is built with textContent, so
# an error message can never inject markup.
CLIENT_SCRIPT = """<script id="__livereload">
(function () {
  var epoch = __EPOCH__;
  var source = null;
  function overlay(errors) {
    var box = document.getElementById("__livereload_overlay");
    if (!errors || !errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "__livereload_overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem;";
    }
    box.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "Build failed \\u2014 showing the last good site";
    title.style.cssText = "color:#ff8a80;margin:0 0 1rem;font:bold 1.2rem system-ui,sans-serif;";
    box.appendChild(title);
    errors.forEach(function (e) {
      var where = document.createElement("div");
      where.className = "__livereload_file";
      where.style.cssText = "color:#ffd180;font-weight:bold;";
      where.textContent = (e.path || "") + (e.line ? ":" + e.line : "");
      var text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:.25rem 0 1.25rem;";
      text.textContent = e.message + (e.hint ? "\\n(hint: " + e.hint + ")" : "");
      box.appendChild(where);
      box.appendChild(text);
    });
    if (!box.parentNode) document.body.appendChild(box);
  }
  function swapCss(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      var hit = paths.some(function (p) { return url.pathname.slice(-p.length - 1) === "/" + p; });
      if (!hit) return;
      var fresh = link.cloneNode();
      url.searchParams.set("livereload", epoch);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
  }
  function executable(doc) {
    // a script the page runs itself (not JSON-LD data, not this one): a swap would not run it again
    return Array.prototype.some.call(doc.querySelectorAll("script"), function (s) {
      var type = (s.getAttribute("type") || "").trim().toLowerCase();
      return s.id !== "__livereload" && (!type || type === "module" || /(java|ecma)script/.test(type));
    });
  }
  function same(a, b) {
    // a stylesheet swapped in by swapCss is the same link: keeping it keeps the page styled
    if (a.tagName === "LINK" && b.tagName === "LINK" && a.rel === b.rel) {
      var x = new URL(a.href, location.href), y = new URL(b.href, location.href);
      x.searchParams.delete("livereload");
      y.searchParams.delete("livereload");
      if (x.href === y.href) return true;
    }
    return a.isEqualNode(b);
  }
  function swapHead(fresh) {
    // head elements equal in both stay untouched (stylesheets are not fetched again)
    var unused = Array.prototype.slice.call(document.head.children);
    var cursor = null;
    Array.prototype.slice.call(fresh.head.children).forEach(function (node) {
      for (var i = 0; i < unused.length; i++) {
        if (same(unused[i], node)) { cursor = unused.splice(i, 1)[0]; return; }
      }
      node = document.adoptNode(node);
      document.head.insertBefore(node, cursor ? cursor.nextSibling : document.head.firstChild);
      cursor = node;
    });
    unused.forEach(function (node) { node.remove(); });
  }
  function swap(fresh) {
    var root = document.documentElement, x = window.scrollX, y = window.scrollY;
    Array.prototype.slice.call(root.attributes).forEach(function (a) {
      if (!fresh.documentElement.hasAttribute(a.name)) root.removeAttribute(a.name);
    });
    Array.prototype.forEach.call(fresh.documentElement.attributes, function (a) {
      root.setAttribute(a.name, a.value);
    });
    swapHead(fresh);
    var body = document.adoptNode(fresh.body);
    var own = body.querySelector("#__livereload");
    if (own) own.remove();
    root.replaceChild(body, document.body);
    window.scrollTo(x, y);
  }
  function refresh(m) {
    // fetch the page and swap it in place: no flash, scroll and state kept;
    // anything unexpected reloads the page instead
    fetch(location.href.split("#")[0], {cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        var token = response.headers.get("__HEADER__");
        if (!response.ok || response.redirected || !token) throw new Error("reload");
        return response.text().then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          if (executable(document) || executable(fresh)) throw new Error("reload");
          swap(fresh);
          epoch = token;
          overlay(m.errors);
          if (m.css.length) swapCss(m.css);
          window.dispatchEvent(new CustomEvent("livereload:swapped"));
          connect();
        });
      })
      .catch(function () { location.reload(); });
  }
  function connect() {
    source = new EventSource("__EVENTS__?path=" + encodeURIComponent(location.pathname) +
                             "&epoch=" + encodeURIComponent(epoch));
    source.onmessage = function (event) {
      var m = JSON.parse(event.data);
      epoch = m.epoch;
      overlay(m.errors);
      if (m.action === "reload") { source.close(); if (m.whole) location.reload(); else refresh(m); }
      else if (m.action === "css") swapCss(m.css);
    };
  }
  window.addEventListener("pagehide", function () { if (source) source.close(); });
  connect();
})();
</script>
""".replace("__EVENTS__", EVENTS_PATH).replace("__HEADER__", EPOCH_HEADER)
