"""The webhook receiver an admin would write in Python, for the load comparison.

FastAPI on uvicorn: check the credential with hmac.compare_digest (cmdop's HMAC-SHA256
signature, Jamf's Basic pair, JumpCloud's bearer token), parse with json.loads (Jamf's XML with
ElementTree), append one summary line to a file and fsync it before answering 200. One fsync per
event, as such code is written.

    RECEIVER_OUTPUT=/path/events.jsonl uvicorn receiver:app --host 127.0.0.1 --port 8788
"""

import base64
import hashlib
import hmac
import json
import os
import xml.etree.ElementTree as ET

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

CMDOP_SECRET = os.environ.get("LOADGEN_CMDOP_SECRET", "whsec_7c1d9e3f5a2b4c6d8e0f1a3b").encode()
JAMF_BASIC = "Basic " + base64.b64encode(
    (
        os.environ.get("LOADGEN_JAMF_USER", "jamf-hooks")
        + ":"
        + os.environ.get("LOADGEN_JAMF_PASSWORD", "c0rrect-h0rse-b4ttery")
    ).encode()
).decode()
JUMPCLOUD_BEARER = "Bearer " + os.environ.get("LOADGEN_JUMPCLOUD_TOKEN", "jc_5f2b8c0e9a7d4e1b6c3a")

output = open(os.environ.get("RECEIVER_OUTPUT", "events.jsonl"), "a", encoding="utf-8")

app = FastAPI()


def store(source, event_type, key, payload):
    line = json.dumps({"source": source, "type": event_type, "key": key, "payload": payload})
    output.write(line + "\n")
    output.flush()
    os.fsync(output.fileno())
    return JSONResponse({"status": "accepted"})


def refused(status, reason):
    return JSONResponse({"error": reason}, status_code=status)


@app.post("/cmdop")
async def cmdop(request: Request):
    body = await request.body()
    expected = "sha256=" + hmac.new(CMDOP_SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("x-cmdop-signature", ""), expected):
        return refused(401, "bad signature")
    try:
        event = json.loads(body)
    except ValueError:
        return refused(400, "not JSON")
    return store("cmdop", event["type"], event["id"], event)


@app.post("/jumpcloud")
async def jumpcloud(request: Request):
    if not hmac.compare_digest(request.headers.get("authorization", ""), JUMPCLOUD_BEARER):
        return refused(401, "bad token")
    body = await request.body()
    try:
        alert = json.loads(body)
    except ValueError:
        return refused(400, "not JSON")
    key = f'{alert["alert_id"]}:{alert.get("status", "")}:{alert.get("update_at", "")}'
    return store("jumpcloud", "alert", key, alert)


@app.post("/jamf")
async def jamf(request: Request):
    if not hmac.compare_digest(request.headers.get("authorization", ""), JAMF_BASIC):
        return refused(401, "bad credentials")
    body = await request.body()
    try:
        if request.headers.get("content-type", "").startswith("text/xml"):
            root = ET.fromstring(body)
            webhook = {child.tag: child.text for child in root.find("webhook")}
            event = {child.tag: child.text for child in root.find("event")}
            payload = {"webhook": webhook, "event": event}
        else:
            payload = json.loads(body)
            webhook = payload["webhook"]
    except (ValueError, ET.ParseError, TypeError):
        return refused(400, "unreadable body")
    event_type = webhook["webhookEvent"]
    key = f'{webhook["id"]}:{event_type}:{webhook["eventTimestamp"]}:-'
    return store("jamf", event_type, key, payload)
