#!/usr/bin/env python3
"""Stands in for Grafana Tempo or Loki in tests/it/up_lgtm.rs, where the real servers cannot run.

Packed into release archives under the names Tempo and Loki publish (`tempo`, `loki-<os>-<arch>`),
so otelkit up fetches, verifies, unpacks and starts it as it would the real one. It reads the
config otelkit up wrote (`-config.file=...`), listens where that config says, and answers only
with the RECORDED responses of tests/fixtures/recorded/ (fixtures.json: status, content type, file;
$OTELKIT_STANDIN_RECORDED is that directory): /ready; and as Tempo, trace by id
(/api/v2/traces/<id>) with the recorded found trace once a span with that id arrived on its
OTLP/gRPC receiver, else the recorded not-found answer. Anything else: 404, empty.

The OTLP/gRPC receiver speaks just enough HTTP/2 for the collector's exporter: settings, pings,
one request per stream, an empty ExportTraceServiceResponse with grpc-status 0.
"""

import gzip
import json
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

RECORDED = os.environ["OTELKIT_STANDIN_RECORDED"]
ROLE = "tempo" if os.path.basename(sys.argv[0]).startswith("tempo") else "loki"
CONFIG = next(a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("-config.file="))
received = []
lock = threading.Lock()


def recorded(path_suffix):
    """The recorded entry whose URL path ends with `path_suffix`, under this role's folder."""
    with open(os.path.join(RECORDED, "fixtures.json")) as f:
        entries = json.load(f)["entries"]
    for e in entries:
        if e["file"].startswith(ROLE + "/") and e["url"].split("?")[0].endswith(path_suffix):
            with open(os.path.join(RECORDED, e["file"]), "rb") as body:
                return e["status"], e["content_type"], body.read()
    raise KeyError(path_suffix)


class Http(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        answer = None
        if path == "/ready":
            answer = recorded("/ready")
        elif ROLE == "tempo" and path.startswith("/api/v2/traces/"):
            wanted = path.rsplit("/", 1)[1]
            with lock:
                seen = any(bytes.fromhex(wanted) in m for m in received)
            answer = recorded("/api/v2/traces/e32e014575aae3297f08f1c5e95234bc" if seen else
                              "/api/v2/traces/0123456789abcdef0123456789abcdef")
        if answer is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, content_type, body = answer
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("standin %s: %s\n" % (ROLE, fmt % args))


def frame(kind, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def literal(name, value):
    # HPACK: literal header field without indexing, new name, no Huffman.
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


def grpc_connection(conn):
    def read(n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    try:
        read(24)  # the client preface
        conn.sendall(frame(4, 0, 0))
        bodies = {}
        while True:
            head = read(9)
            length, kind, flags = int.from_bytes(head[:3], "big"), head[3], head[4]
            stream = int.from_bytes(head[5:9], "big") & 0x7FFFFFFF
            payload = read(length)
            if kind == 4 and not flags & 1:
                conn.sendall(frame(4, 1, 0))
            elif kind == 6 and not flags & 1:
                conn.sendall(frame(6, 1, 0, payload))
            elif kind == 0:
                if flags & 8:
                    payload = payload[1:len(payload) - payload[0]]
                bodies[stream] = bodies.get(stream, b"") + payload
                if length:
                    grow = length.to_bytes(4, "big")
                    conn.sendall(frame(8, 0, 0, grow) + frame(8, 0, stream, grow))
            if kind in (0, 1) and flags & 1:
                message = bodies.pop(stream, b"")
                if len(message) >= 5:
                    data = message[5:]
                    if message[0] == 1:
                        data = gzip.decompress(data)
                    with lock:
                        received.append(data)
                conn.sendall(
                    frame(1, 4, stream, b"\x88" + literal(b"content-type", b"application/grpc"))
                    + frame(0, 0, stream, b"\x00\x00\x00\x00\x00")
                    + frame(1, 5, stream, literal(b"grpc-status", b"0")))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


def serve_grpc(endpoint):
    host, port = endpoint.rsplit(":", 1)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, int(port)))
    listener.listen()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=grpc_connection, args=(conn,), daemon=True).start()


def main():
    with open(CONFIG) as f:
        config = yaml.safe_load(f)
    server = config["server"]
    if ROLE == "tempo":
        endpoint = config["distributor"]["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"]
        threading.Thread(target=serve_grpc, args=(endpoint,), daemon=True).start()
    http = ThreadingHTTPServer((server["http_listen_address"], server["http_listen_port"]), Http)
    sys.stderr.write("standin %s: listening as %s says\n" % (ROLE, CONFIG))
    http.serve_forever()


main()
