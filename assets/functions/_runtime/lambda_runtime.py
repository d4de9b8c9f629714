"""A minimal Lambda custom-runtime client on python3's standard library.

The samples' python twins (NAME/NAME.py) use it; it speaks the Runtime API
exactly as Lambda documents it, so a twin made a folder's bootstrap runs on
AWS with runtime provided.al2023 too. It runs on python 3.6 and later, as
old jump hosts have.
"""
import http.client
import json
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"

# Lambda captures output line by line; a pipe would otherwise buffer it.
if hasattr(sys.stdout, "reconfigure"):
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
else:  # python 3.6
    import io
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, line_buffering=True)
    sys.stderr = io.TextIOWrapper(sys.stderr.buffer, line_buffering=True)


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        # What a synchronous invoke's ClientContext carried, as JSON.
        # http.client reads header bytes as latin-1; the context is UTF-8 JSON.
        raw = (headers.get("Lambda-Runtime-Client-Context") or "null").encode("latin-1", "replace")
        try:
            self.client_context = json.loads(raw.decode("utf-8", "replace"))
        except ValueError:
            self.client_context = None

    def get_remaining_time_in_millis(self):
        return max(0, self.deadline_ms - int(time.time() * 1000))


def _error(exc):
    return {
        "errorType": type(exc).__name__,
        "errorMessage": str(exc),
        "stackTrace": traceback.format_exception(type(exc), exc, exc.__traceback__)[1:-1],
    }


def run(handler):
    """Serves invocations forever: next, handle, response or error."""
    conn = http.client.HTTPConnection(API)
    while True:
        conn.request("GET", PREFIX + "/invocation/next")
        resp = conn.getresponse()
        body = resp.read()
        headers = resp.headers
        context = Context(headers)
        request_id = context.aws_request_id
        try:
            event = json.loads(body) if body else None
            result = json.dumps(handler(event, context)).encode()
            path, extra = f"{PREFIX}/invocation/{request_id}/response", {}
        except Exception as exc:  # noqa: BLE001 - every error goes back to Lambda
            error = _error(exc)
            print(f"[ERROR] {error['errorType']}: {error['errorMessage']}", file=sys.stderr)
            result = json.dumps(error).encode()
            path = f"{PREFIX}/invocation/{request_id}/error"
            extra = {"Lambda-Runtime-Function-Error-Type": "Unhandled"}
        conn.request("POST", path, body=result, headers={"Content-Type": "application/json", **extra})
        conn.getresponse().read()


class ResponseStream:
    """What a streaming handler writes to: each write is sent at once as one
    HTTP chunk of the response (Lambda's response streaming)."""

    def __init__(self, conn):
        self._conn = conn

    def write(self, data):
        if isinstance(data, str):
            data = data.encode()
        if data:
            self._conn.send(b"%x\r\n%s\r\n" % (len(data), data))


def run_streaming(handler):
    """As run, for handlers that stream: handler(event, context, stream).
    The response goes with Lambda-Runtime-Function-Response-Mode: streaming,
    chunked; an error after the first byte goes in the trailers."""
    import base64

    conn = http.client.HTTPConnection(API)
    while True:
        conn.request("GET", PREFIX + "/invocation/next")
        resp = conn.getresponse()
        body = resp.read()
        context = Context(resp.headers)
        request_id = context.aws_request_id
        conn.putrequest("POST", f"{PREFIX}/invocation/{request_id}/response")
        conn.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.putheader("Trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body")
        conn.endheaders()
        trailers = b""
        try:
            handler(json.loads(body) if body else None, context, ResponseStream(conn))
        except Exception as exc:  # noqa: BLE001 - every error goes back to Lambda
            error = _error(exc)
            print(f"[ERROR] {error['errorType']}: {error['errorMessage']}", file=sys.stderr)
            # A trailer is a header: kept well under HTTP servers' header limits.
            encoded = base64.b64encode(json.dumps(error).encode())
            if len(encoded) > 8192:
                error["stackTrace"] = error["stackTrace"][-3:]
                error["errorMessage"] = error["errorMessage"][:2048]
                encoded = base64.b64encode(json.dumps(error).encode())[:8192]
            trailers = (
                b"Lambda-Runtime-Function-Error-Type: " + error["errorType"].encode() + b"\r\n"
                b"Lambda-Runtime-Function-Error-Body: " + encoded + b"\r\n"
            )
        conn.send(b"0\r\n" + trailers + b"\r\n")
        conn.getresponse().read()
