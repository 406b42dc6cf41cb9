"""The ceiling: a bare Litestar app (one GET, a small JSON) served with `fichesujet serve`'s uvicorn options."""

from __future__ import annotations

import sys

from litestar import Litestar, get

from service.web.serving import serve_app


@get("/")
async def hello() -> dict[str, str]:
    return {"statut": "ok"}


app = Litestar(route_handlers=[hello])

if __name__ == "__main__":
    serve_app(app, "127.0.0.1", int(sys.argv[1]))
