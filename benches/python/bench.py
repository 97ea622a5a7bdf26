"""The Python rows of benches/REPORT.md: the same jobs as benches/benches/report.rs, on the same
fixture files, with Python's standard library, with orjson, and, for Jamf JSON, with
jamf-pro-sdk's pydantic models.

    python benches/python/bench.py > python.jsonl

One JSON line per job and implementation: median, min and max seconds per call over the
repetitions (timeit, best-of-N loops sized to about 0.2 s each).
"""

import hashlib
import hmac
import json
import os
import sys
import timeit
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates")
SECRET = b"whsec_5f0b7c2e9a4d4b1f8c3e6a7d2b9f0c1e"
REPEAT = int(os.environ.get("PY_BENCH_REPEAT", "7"))


def fixture(crate, name):
    with open(os.path.join(ROOT, crate, "tests", "fixtures", name), "rb") as f:
        return f.read()


JAMF_JSON = fixture("fleethooks-jamf", "computer_check_in.json")
JAMF_XML = fixture("fleethooks-jamf", "computer_check_in.xml")
ALERT = fixture("fleethooks-jumpcloud", "alert_open_critical.json")
CMDOP = fixture("fleethooks-cmdop", "command_completed_1kb.json")
TWENTY_KEYS = fixture("fleethooks-jumpcloud", "trigger_body_twenty_keys.json")


def body(length):
    unit = b'{"id":"evt_01JD4R8Q2ZK7","type":"command.completed","data":{"exit_code":0}}'
    return (unit * (length // len(unit) + 1))[:length]


def header_for(data):
    return "sha256=" + hmac.new(SECRET, data, hashlib.sha256).hexdigest()


def verify(data, header):
    # What a receiver does: recompute, compare in constant time.
    expected = "sha256=" + hmac.new(SECRET, data, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(header, expected):
        raise ValueError("bad signature")


def js_string(value):
    """JumpCloud's rule for a trigger variable: JavaScript's String(value)."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "[object Object]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def flatten(loads, data):
    return [(k, js_string(v)) for k, v in loads(data).items()]


def measure(fn):
    timer = timeit.Timer(fn)
    loops, _ = timer.autorange()
    loops = max(1, loops)
    runs = [t / loops for t in timer.repeat(repeat=REPEAT, number=loops)]
    runs.sort()
    return runs[len(runs) // 2], runs[0], runs[-1]


def main():
    jobs = []
    for name, length in (("verify_1KiB", 1024), ("verify_64KiB", 64 * 1024)):
        data = body(length)
        header = header_for(data)
        jobs.append((name, "stdlib", lambda d=data, h=header: verify(d, h)))

    try:
        import orjson
    except ImportError:
        orjson = None
        print("orjson not installed: its rows are skipped", file=sys.stderr)
    try:
        from jamf_pro_sdk.models.webhooks.webhooks import ComputerCheckIn
    except ImportError:
        ComputerCheckIn = None
        print("jamf-pro-sdk not installed: its rows are skipped", file=sys.stderr)

    for name, data in (
        ("jamf_json", JAMF_JSON),
        ("jumpcloud_alert", ALERT),
        ("cmdop_event", CMDOP),
    ):
        header = header_for(data)
        jobs.append(
            (f"receive_{name}", "stdlib", lambda d=data, h=header: (verify(d, h), json.loads(d)))
        )
        jobs.append((f"parse_{name}", "stdlib", lambda d=data: json.loads(d)))
        if orjson is not None:
            jobs.append(
                (f"receive_{name}", "orjson", lambda d=data, h=header: (verify(d, h), orjson.loads(d)))
            )
            jobs.append((f"parse_{name}", "orjson", lambda d=data: orjson.loads(d)))
    if ComputerCheckIn is not None:
        header = header_for(JAMF_JSON)
        jobs.append(
            (
                "receive_jamf_json",
                "jamf-pro-sdk",
                lambda h=header: (verify(JAMF_JSON, h), ComputerCheckIn.model_validate_json(JAMF_JSON)),
            )
        )
        jobs.append(
            ("parse_jamf_json", "jamf-pro-sdk", lambda: ComputerCheckIn.model_validate_json(JAMF_JSON))
        )
    header = header_for(JAMF_XML)
    jobs.append(
        ("receive_jamf_xml", "stdlib", lambda h=header: (verify(JAMF_XML, h), ET.fromstring(JAMF_XML)))
    )
    jobs.append(("parse_jamf_xml", "stdlib", lambda: ET.fromstring(JAMF_XML)))
    jobs.append(("parse_flatten_20_keys", "stdlib", lambda: flatten(json.loads, TWENTY_KEYS)))
    if orjson is not None:
        jobs.append(("parse_flatten_20_keys", "orjson", lambda: flatten(orjson.loads, TWENTY_KEYS)))

    for job, implementation, fn in jobs:
        fn()  # fails loudly on a bad input before it is timed
        median, low, high = measure(fn)
        print(
            json.dumps(
                {
                    "job": job,
                    "impl": implementation,
                    "median_s": median,
                    "min_s": low,
                    "max_s": high,
                    "python": sys.version.split()[0],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
