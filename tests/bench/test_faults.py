"""The pure parts of the fault drill (bench/faults.py): challenge solving, identities, the lost count, recovery
time and the table. No servers are started."""

import base64
import hashlib
import hmac
import importlib.util
import json
import re
import sys

import pytest

from gongkai.core import idcard
from tests.paths import ROOT

spec = importlib.util.spec_from_file_location("bench_faults", ROOT / "bench" / "faults.py")
faults = importlib.util.module_from_spec(spec)
sys.modules["bench_faults"] = faults  # dataclasses look their module up
spec.loader.exec_module(faults)


@pytest.mark.parametrize(
    ("text", "value"),
    [("八", 8), ("十", 10), ("十二", 12), ("二十", 20), ("三十五", 35), ("一百零三", 103), ("17", 17)],
)
def test_chinese_numbers(text, value):
    assert faults.chinese_number(text) == value


def test_the_sum_question_is_answered_in_digits():
    assert faults.answer_question("三加五等于几？（请填写阿拉伯数字）") == "8"
    assert faults.answer_question("九加九等于几？") == "18"
    with pytest.raises(ValueError):
        faults.answer_question("请输入图中的字符")


def test_solve_sends_nothing_without_a_challenge_and_token_and_answer_for_a_question():
    assert faults.solve(None) == {}
    assert faults.solve({"question": "四加六等于几？", "token": "t1"}) == {"token": "t1", "answer": "10"}


def test_solve_prefers_altcha_and_finds_the_number():
    salt, number, key = "5f3a9c?expires=9999999999&", 4321, b"server-key"
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    signature = hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()
    altcha = {"algorithm": "SHA-256", "challenge": challenge, "maxnumber": 10000, "salt": salt,
              "signature": signature}  # fmt: skip
    fields = faults.solve({"question": "一加一等于几？", "token": "t", "altcha": altcha})
    assert set(fields) == {"altcha"}
    payload = json.loads(base64.b64decode(fields["altcha"]))
    assert payload == {"algorithm": "SHA-256", "challenge": challenge, "number": number, "salt": salt,
                       "signature": signature}  # fmt: skip
    both = {"question": "一加一等于几？", "token": "t", "altcha": altcha}
    assert faults.solve(both, prefer="question") == {"token": "t", "answer": "2"}
    assert set(faults.solve({"altcha": altcha}, prefer="question")) == {"altcha"}


def test_the_altcha_payload_verifies_with_the_altcha_package():
    altcha = pytest.importorskip("altcha")
    made = altcha.create_challenge_v1(hmac_key="k", max_number=5000)
    challenge = {"algorithm": made.algorithm, "challenge": made.challenge, "maxnumber": made.max_number,
                 "salt": made.salt, "signature": made.signature}  # fmt: skip
    ok, error = altcha.verify_solution_v1(faults.solve({"altcha": challenge})["altcha"], "k")
    assert ok, error


def test_identities_are_valid_and_distinct():
    numbers = [faults.resident_id(n) for n in range(0, 3_000_000, 997)]
    assert all(idcard.problem(number) is None for number in numbers)
    assert len(set(numbers)) == len(numbers)
    phones = {faults.mobile(n) for n in range(5000)}
    assert len(phones) == 5000
    assert all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)
    assert faults.address(70000) == "10.1.17.112"


def _phase(fault_at=None):
    phase = faults.Phase("postgres restart", started=0.0, load_ended=20.0, fault_at=fault_at)
    phase.fault_end = fault_at + 2.0 if fault_at is not None else None
    phase.submissions = [
        faults.Submission("k1", "foi", 1.0, acknowledged=True, code="YSQ1", acknowledged_at=1.1),
        faults.Submission("k2", "message", 2.0, acknowledged=True, code="LY2", acknowledged_at=10.6),
        faults.Submission("k3", "comment", 3.0, acknowledged=True, code="", acknowledged_at=13.0),
        faults.Submission("k4", "foi", 4.0, acknowledged=True, code="YSQ4", acknowledged_at=14.0),
        faults.Submission("k5", "foi", 5.0),
    ]
    phase.attempts = [
        faults.Attempt("POST /api/v1/foi/applications", 1.0, 1.1, 201),
        faults.Attempt("POST /api/v1/foi/applications", 10.0, 10.2, 500),
        faults.Attempt("POST /api/v1/interaction/messages", 10.1, 10.5, None, "ConnectionResetError"),
        faults.Attempt("GET /api/v1/interaction/challenge", 10.5, 10.55, 200),
        faults.Attempt("POST /api/v1/interaction/messages", 10.55, 10.6, 201),
        faults.Attempt("POST /api/v1/consultations/{id}/comments", 12.0, 13.0, 201),
        faults.Attempt("POST /api/v1/foi/applications", 13.0, 13.1, 422),
    ]
    return phase


def test_lost_is_acknowledged_but_not_stored_or_stored_under_another_code():
    phase = _phase(10.0)
    stored = {"k1": "YSQ1", "k3": "", "k4": "YSQ9", "k5": "YSQ5"}
    assert [s.key for s in faults.lost(phase.submissions, stored)] == ["k2", "k4"]
    assert faults.lost(phase.submissions, {"k1": "YSQ1", "k2": "LY2", "k3": "", "k4": "YSQ4"}) == []


def test_recovery_runs_from_the_fault_to_the_first_acknowledgement_after_the_last_error():
    assert faults.recovery_seconds(_phase(10.0)) == pytest.approx(0.6)
    assert faults.recovery_seconds(_phase(None)) is None
    quiet = _phase(11.0)
    quiet.attempts = [a for a in quiet.attempts if not a.user_error]
    assert faults.recovery_seconds(quiet) == 0.0


def test_summary_row_and_table():
    stored = {"k1": "YSQ1", "k2": "LY2", "k3": "", "k5": "YSQ5"}
    row = faults.summarize(_phase(10.0), stored)
    assert row | {"recovery": round(row["recovery"], 2)} == {
        "phase": "postgres restart", "requested": 5, "acknowledged": 4, "stored": 4, "lost": 1, "gave_up": 1,
        "user_errors": 2, "refused_4xx": 1, "recovery": 0.6, "while_down": 1, "down_seconds": 2.0,
        "throughput": 0.2,
    }  # fmt: skip
    baseline = faults.summarize(_phase(None), stored) | {"phase": "baseline"}
    table = faults.format_table([baseline, row]).splitlines()
    assert table[0].startswith("phase             requested")
    assert "5xx/conn errors" in table[0] and "recovery (s)" in table[0]
    assert set(table[1]) == {"-", " "}
    assert table[2].startswith("baseline") and "–" in table[2]
    assert re.search(r"postgres restart +5 +4 +4 +1 +1 +2 +1 +0\.60 +1 in 2\.0 s +0\.2$", table[3])
    lines = faults.error_breakdown(_phase(10.0))
    assert lines == [
        "POST /api/v1/foi/applications: 422 ×1",
        "POST /api/v1/foi/applications: 500 ×1",
        "POST /api/v1/interaction/messages: ConnectionResetError ×1",
    ]


def test_server_errors_group_tracebacks_by_path_and_exception():
    log = """[2026-11-27 20:30:01 +0800] [100] [INFO] Worker ready (pid: 101)
Internal Server Error: /api/v1/interaction/messages
Traceback (most recent call last):
  File "/x/.venv/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner
    response = get_response(request)
  File "/x/gongkai/core/antiabuse.py", line 43, in rate_limit
    cache.add(key, 0, seconds)
redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6390. Connection refused.
Internal Server Error: /api/v1/interaction/messages
Traceback (most recent call last):
  File "/x/gongkai/core/antiabuse.py", line 43, in rate_limit
    cache.add(key, 0, seconds)
redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6390. Connection refused.
[2026-11-27 20:30:05 +0800] [100] [ERROR] Worker (pid:102) was sent SIGKILL! Perhaps out of memory?
"""
    found = [(what, n) for what, n, _first in faults.server_errors(log)]
    assert found == [
        (
            "Internal Server Error: /api/v1/interaction/messages at gongkai/core/antiabuse.py:43 rate_limit -> "
            "redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6390. Connection refused.",
            2,
        ),
        ("[ERROR] Worker (pid:…) was sent SIGKILL! Perhaps out of memory?", 1),
    ]
