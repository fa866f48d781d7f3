// Text viewer: shows one raw seed text and highlights the span given in the URL fragment,
// e.g. texts/iv.html#start=302&end=497. Offsets are Python code-point offsets into the raw UTF-8
// file; JavaScript strings count UTF-16 units, so the text is split into code points first.
(function () {
  "use strict";
  var data = document.getElementById("text-data");
  var box = document.getElementById("text");
  if (!data || !box) { return; }
  var chars = Array.from(JSON.parse(data.textContent).text);
  function params() {
    var out = {};
    (window.location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      if (p.length === 2) { out[p[0]] = parseInt(p[1], 10); }
    });
    return out;
  }
  function show() {
    var p = params();
    box.textContent = "";
    var start = p.start, end = p.end;
    var ok = Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= chars.length;
    if (!ok) {
      box.appendChild(document.createTextNode(chars.join("")));
      return;
    }
    box.appendChild(document.createTextNode(chars.slice(0, start).join("")));
    var mark = document.createElement("mark");
    mark.id = "span";
    mark.textContent = chars.slice(start, end).join("");
    box.appendChild(mark);
    box.appendChild(document.createTextNode(chars.slice(end).join("")));
    var info = document.getElementById("span-info");
    if (info) { info.textContent = "Characters " + start + "–" + end + " of the raw file are highlighted."; }
    mark.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", show);
  show();
}());
