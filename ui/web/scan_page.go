package web

import (
	"html"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// capturePage is a minimal capture page over the JSON API: pick (or, on
// a phone, take) photos for one component, upload them as one document,
// then show the resulting PDF and a thumbnail per page. The full UI is
// built in ui/views; this page keeps the pipeline usable and testable in
// a browser on its own. It is static: the dossier and component come
// from the query string, and the API calls carry the session cookie.
const capturePage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="csrf-token" content="{{CSRF}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chụp giấy tờ — Field Kit</title>
<link rel="stylesheet" href="/static/app.css">
</head><body>
<main>
<h1>Chụp giấy tờ</h1>
<form id="capture">
<label>Ảnh / tệp <input type="file" id="photos" name="file" multiple accept="image/*,application/pdf" capture="environment"></label>
<label><input type="checkbox" id="text"> Văn bản (đen trắng)</label>
<button type="submit" id="upload">Tải lên</button>
</form>
<p id="status" role="status"></p>
<ul id="warnings"></ul>
<p><a id="pdf" hidden target="_blank">PDF</a></p>
<div id="thumbs"></div>
</main>
<script src="/capture-basic.js"></script>
</body></html>`

// captureScript is the page's script, served from the kit itself: the
// content security policy allows no inline script.
const captureScript = `(function () {
  const q = new URLSearchParams(location.search);
  const dossier = q.get("dossier"), component = q.get("component");
  const status = document.getElementById("status");
  const base = "/api/v1/dossiers/" + encodeURIComponent(dossier) + "/documents/";
  async function show(doc) {
    if (doc.status === "processing") {
      const p = doc.progress;
      status.textContent = p && p.running ? "Đang xử lý trang " + (p.page + 1) + "/" + p.pages : "Đang chờ xử lý…";
      setTimeout(async () => show(await (await fetch(base + doc.id)).json()), 500);
      return;
    }
    if (doc.status === "failed") { status.textContent = "Không dùng được: " + doc.reason; return; }
    status.textContent = "Xong: " + doc.pages + " trang";
    const a = document.getElementById("pdf");
    a.href = base + doc.id + "/file"; a.hidden = false;
    const ul = document.getElementById("warnings"); ul.textContent = "";
    (doc.report || []).forEach((page, i) => (page.warnings || []).forEach(w => {
      const li = document.createElement("li"); li.textContent = "Trang " + (i + 1) + ": " + w.message; ul.append(li);
    }));
    const thumbs = document.getElementById("thumbs"); thumbs.textContent = "";
    for (let n = 1; n <= doc.pages; n++) {
      const img = document.createElement("img");
      img.className = "thumb"; img.alt = "Trang " + n; img.src = base + doc.id + "/pages/" + n + "/image?dpi=36";
      thumbs.append(img);
    }
  }
  document.getElementById("capture").addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData();
    fd.append("component", component);
    if (document.getElementById("text").checked) fd.append("mode", "text");
    for (const f of document.getElementById("photos").files) fd.append("file", f);
    status.textContent = "Đang tải lên…";
    const resp = await fetch("/api/v1/dossiers/" + encodeURIComponent(dossier) + "/documents", {method: "POST", body: fd, headers: {"X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content}});
    const body = await resp.json();
    if (!resp.ok) { status.textContent = body.message || "Lỗi"; return; }
    show(body);
  });
})();
`

func (s *server) handleCapturePage(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	csrf, _ := c.Locals("csrf").(string)
	return c.SendString(strings.Replace(capturePage, "{{CSRF}}", html.EscapeString(csrf), 1))
}

func (s *server) handleCaptureScript(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	return c.SendString(captureScript)
}
