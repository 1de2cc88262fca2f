"""Meeting the public forms' challenge in tests, as a person (the sum) or a browser (the proof of work) would."""

from __future__ import annotations

import base64
import json

import altcha

from gongkai.core.models import PublicChallenge


def answer_of(token: str) -> str:
    """The answer to the sum behind ``token``: only the server knows it, so tests read it from there."""
    return PublicChallenge.objects.get(key=token).answer


def solve(challenge: dict) -> str:
    """The ALTCHA payload a browser's widget would send for ``challenge["altcha"]``."""
    spec = challenge["altcha"]
    solution = altcha.solve_challenge_v1(
        spec["challenge"], spec["salt"], spec["algorithm"], spec["maxnumber"]
    )
    payload = {
        "algorithm": spec["algorithm"], "challenge": spec["challenge"], "number": solution.number,
        "salt": spec["salt"], "signature": spec["signature"],
    }  # fmt: skip
    return base64.b64encode(json.dumps(payload).encode()).decode()


CHALLENGE_URLS = {
    "foi": "/api/v1/foi/challenge",
    "interaction": "/api/v1/interaction/challenge",
    "participation": "/api/v1/consultations/challenge",
}


def proof(client, scope: str) -> dict:
    """Fields that meet a fresh challenge of ``scope`` by proof of work, as a browser with JavaScript does."""
    return {"altcha": solve(client.get(CHALLENGE_URLS[scope]).json())}
