"""A small client of yaml-language-server (the engine of VS Code's YAML extension), to see
what an editor shows for a file: its diagnostics, its hover text and the keys it offers.

It speaks the Language Server Protocol over the server's stdin and stdout: opens the files,
answers the server's own requests (its configuration), and collects what it publishes.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETTINGS = {"validate": True, "hover": True, "completion": True,
            "schemaStore": {"enable": False}, "format": {"enable": False}}


@dataclass
class Diagnostic:
    line: int
    """1-based, as `pac validate` counts."""
    column: int
    message: str


@dataclass
class Editor:
    """One running server; `open()` files, then read `diagnostics` and `hover()`."""

    server: Path
    root: Path
    timeout: float = 60.0
    _process: subprocess.Popen[bytes] = field(init=False)
    _buffer: bytes = b""
    _next_id: int = 1
    _published: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _versions: dict[str, int] = field(default_factory=dict)

    def __enter__(self) -> Editor:
        self._process = subprocess.Popen(
            ["node", str(self.server), "--stdio"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._request("initialize", {"processId": os.getpid(), "rootUri": self.root.as_uri(),
                                     "capabilities": {"workspace": {"configuration": True}}})
        self._send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        self._send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
                    "params": {"settings": {"yaml": SETTINGS}}})
        return self

    def __exit__(self, *_: object) -> None:
        self._process.kill()
        self._process.wait()

    def diagnostics(self, *paths: Path) -> dict[Path, list[Diagnostic]]:
        """What the editor marks in each file, once it has checked them all."""
        for path in paths:
            uri, text = path.as_uri(), path.read_text(encoding="utf-8")
            version = self._versions[uri] = self._versions.get(uri, 0) + 1
            if version == 1:
                self._send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                    "textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                     "text": text}}})
            else:  # the file changed on disk since the editor opened it
                self._send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}]}})
        deadline = time.monotonic() + self.timeout
        while any(p.as_uri() not in self._published for p in paths):
            self._receive(deadline)
        return {p: [Diagnostic(d["range"]["start"]["line"] + 1,
                               d["range"]["start"]["character"] + 1, d["message"])
                    for d in self._published.pop(p.as_uri())] for p in paths}

    def hover(self, path: Path, line: int, column: int) -> str:
        """The hover text at a 1-based position of an opened file."""
        result = self._request("textDocument/hover", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line - 1, "character": column - 1}})
        if not result:
            return ""
        contents = result["contents"]
        return str(contents.get("value", "") if isinstance(contents, dict) else contents)

    def completion(self, path: Path, line: int, column: int) -> list[str]:
        """The labels the editor offers at a 1-based position of an opened file."""
        result = self._request("textDocument/completion", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line - 1, "character": column - 1}})
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [str(item["label"]) for item in items]

    # --- the protocol ---------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self._process.stdin is not None
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def _request(self, method: str, params: dict[str, Any]) -> Any:
        number, self._next_id = self._next_id, self._next_id + 1
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == number and "method" not in message:
                return message.get("result")

    def _receive(self, deadline: float) -> dict[str, Any]:
        """The next message; the server's requests are answered and its diagnostics kept."""
        message = self._read(deadline)
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            self._published[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif method is not None and "id" in message:
            result: Any = None
            if method == "workspace/configuration":
                result = [SETTINGS for _ in message["params"]["items"]]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        return message

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self._process.stdout is not None
        while True:
            head, found, rest = self._buffer.partition(b"\r\n\r\n")
            if found:
                length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self._buffer = rest[length:]
                    return dict(json.loads(rest[:length]))
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._process.stdout], [], [], max(left, 0))
            if left <= 0 or not ready:
                raise TimeoutError("yaml-language-server no respondió a tiempo")
            chunk = os.read(self._process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("yaml-language-server terminó")
            self._buffer += chunk
