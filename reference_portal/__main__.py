"""Command line: ``python -m reference_portal --port N [--host H] [--data-dir D] [--config F | --variant V]``.

With ``--workers`` above 1 the portal runs under gunicorn (production-like), otherwise under the
threaded werkzeug server. Either way it prints ``reference portal listening on http://HOST:PORT``
once the socket accepts connections, and exits cleanly on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import sys
import tempfile
import threading

from reference_portal.app import create_app
from reference_portal.config import ConfigError, load_variant


def _announce(host: str, port: int) -> None:
    print(f"reference portal listening on http://{host}:{port}", flush=True)


def _serve_werkzeug(app, host: str, port: int) -> None:
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        # No access log: a launcher that pipes stderr without reading it must never block the server.
        def log_request(self, code="-", size="-"):
            pass

    server = make_server(host, port, app, threaded=True, request_handler=QuietHandler)

    def stop(_signum, _frame):
        # shutdown() waits for serve_forever() to return, so it must run outside the serving thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _announce(host, server.server_port)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _serve_gunicorn(app, host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    # Bind the socket here so port 0 resolves to a real port we can announce; gunicorn adopts the fd.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(128)
    listener.set_inheritable(True)
    actual_port = listener.getsockname()[1]

    class PortalServer(BaseApplication):
        def load_config(self):
            options = {
                "bind": [f"fd://{listener.fileno()}"],
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                # The app (secret key, seeded database) is created once here, before the fork, so
                # every worker shares the same sessions and the same data.
                "preload_app": True,
                "graceful_timeout": 5,
                "timeout": 60,
                "loglevel": "warning",
                "accesslog": None,
                "when_ready": lambda _server: _announce(host, actual_port),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    PortalServer().run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reference_portal", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="TCP port (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--data-dir", help="directory for the database and uploads (default: a temporary one)"
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--config", help="variant YAML file")
    source.add_argument("--variant", help="variant name in reference_portal/variants (default: national)")
    parser.add_argument(
        "--workers", type=int, default=1, help="more than 1 runs gunicorn with that many workers"
    )
    parser.add_argument(
        "--check", action="store_true", help="only validate the configuration: exit 0 if valid, 2 if not"
    )
    args = parser.parse_args(argv)

    try:
        settings = load_variant(name=args.variant, path=args.config)
    except ConfigError as exc:
        print(f"reference portal: invalid configuration: {exc}", file=sys.stderr)
        return 2
    if args.check:
        return 0

    # Until a server installs its own handler, SIGTERM unwinds through the clean-up below instead of
    # killing the process with its temporary folder left behind.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    temporary = None
    if not args.data_dir:
        temporary = tempfile.mkdtemp(prefix="refportal-")
    settings["data_dir"] = args.data_dir or temporary
    try:
        app = create_app(settings)
        if args.workers > 1:
            _serve_gunicorn(app, args.host, args.port, args.workers)
        else:
            _serve_werkzeug(app, args.host, args.port)
    except SystemExit as exc:  # gunicorn exits through SystemExit after a graceful shutdown
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:  # Ctrl+C before the server's own handler is installed (start-up)
        return 130
    except OSError as exc:
        print(f"reference portal: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
