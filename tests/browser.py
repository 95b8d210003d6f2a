"""What a reader's browser makes of a page: headless Chromium loads a copy of it with a
probe script added, and the probe writes its findings into the page, which Chromium dumps.

`axe` runs axe-core (WCAG 2.1 A and AA rules) from PAC_AXE_CORE, the `axe.min.js` that
`.ci/run` installs from npm; `overflow` measures how far the page reaches past the window
(what a reader would scroll sideways).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome",
                                     "google-chrome-stable") if (found := shutil.which(name))),
                None)
"""Debian's chromium here; the Google Chrome that GitHub's Ubuntu runners carry."""
AXE = os.environ.get("PAC_AXE_CORE")

_AXE_RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', "
    "'wcag21aa']}}).then(r => {const p = document.createElement('pre'); p.id = 'pac-sonda'; "
    "p.textContent = JSON.stringify({violations: r.violations.map(v => ({id: v.id, nodes: "
    "v.nodes.map(n => n.target.join(' '))})), overflow: document.documentElement.scrollWidth "
    "- window.innerWidth}); document.body.appendChild(p);});")
_OVERFLOW = (
    "const p = document.createElement('pre'); p.id = 'pac-sonda'; p.textContent = "
    "JSON.stringify({violations: [], overflow: document.documentElement.scrollWidth - "
    "window.innerWidth}); document.body.appendChild(p);")


def probe(page: Path, width: int, *, with_axe: bool = True) -> dict[str, object]:
    """The page's axe-core violations (with `with_axe`) and its sideways overflow in px, at
    a window `width` pixels wide. The copy sits beside the page, so its links still work."""
    assert CHROMIUM is not None
    script = ""
    if with_axe:
        assert AXE is not None
        script = "<script>" + Path(AXE).read_text(encoding="utf-8") + "</script>"
    script += f"<script>{_AXE_RUN if with_axe else _OVERFLOW}</script></body>"
    html = page.read_text(encoding="utf-8")
    copy = page.with_name(f".sonda-{page.name}")
    copy.write_text(html.replace("</body>", script), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},900",
                 "--virtual-time-budget=30000", "--dump-dom", copy.as_uri()],
                capture_output=True, text=True, timeout=180, check=True).stdout
    finally:
        copy.unlink()
    found = re.search(r'<pre id="pac-sonda">(.*?)</pre>', dom, re.S)
    assert found, f"la sonda no respondió en {page}: {dom[-300:]}"
    text = found[1].replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    data: dict[str, object] = json.loads(text.replace("&amp;", "&"))
    return data
