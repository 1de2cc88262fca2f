"""Every public write and lookup is defended the same way: a single-use challenge whose answer stays on the
server, rate limits per address and identity that count only what was registered (429 with Retry-After), a
submission key bound to its content, long track secrets, and mainland phone numbers checked. Each test
reproduces a hole found by trying the site as an attacker and a careless client would (issue 15)."""

import base64
import datetime as dt
import json

import pytest
import time_machine
from django.test import Client, override_settings

from gongkai.core import antiabuse
from gongkai.foi.models import Application
from gongkai.interaction.models import Channel, Message
from tests.challenges import answer_of, proof, solve
from tests.foi.conftest import VALID_ID, applicant

pytestmark = pytest.mark.django_db

OTHER_ID = "110105198001010016"  # valid check digit too (GB 11643)


def api_apply(client, unit, *, key, with_proof=True, **overrides):
    body = {"unit_id": unit.pk, "submission_key": key, **applicant(**overrides)}
    if with_proof:
        body |= proof(client, "foi")
    return client.post("/api/v1/foi/applications", body, content_type="application/json")


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


# The challenge -----------------------------------------------------------------------------------------


def test_foi_applications_need_the_challenge_on_the_api_and_the_form(client, tree):
    refused = api_apply(client, tree.dept_a, key="no-proof", with_proof=False)
    assert refused.status_code == 422 and "验证" in refused.json()["error"]["fields"]["answer"]
    page = client.post("/foi/apply/", {"unit": tree.dept_a.pk, "submission_key": "k", **applicant()})
    assert "请回答验证问题" in page.text
    assert not Application.objects.exists()
    assert api_apply(client, tree.dept_a, key="with-proof").status_code == 201


def test_the_token_does_not_carry_the_answer(client):
    challenge = client.get("/api/v1/foi/challenge").json()
    answer = answer_of(challenge["token"])
    padded = challenge["token"] + "=" * (-len(challenge["token"]) % 4)
    decoded = base64.urlsafe_b64decode(padded)
    assert b'"s"' not in decoded and set(challenge) == {"question", "token", "altcha"}
    assert answer.isdigit() and len(decoded) == 24  # 24 random bytes: the answer is only on the server
    assert "answer" not in challenge["altcha"] and "number" not in challenge["altcha"]


def test_one_token_answers_one_submission(client, tree):
    challenge = client.get("/api/v1/foi/challenge").json()
    fields = {"token": challenge["token"], "answer": answer_of(challenge["token"])}
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    with time_machine.travel(later):
        first = client.post(
            "/api/v1/foi/applications",
            {"unit_id": tree.dept_a.pk, "submission_key": "t1", **applicant(), **fields},
            content_type="application/json",
        )
        second = client.post(
            "/api/v1/foi/applications",
            {
                "unit_id": tree.dept_a.pk,
                "submission_key": "t2",
                **applicant(description="另一份申请的内容"),
                **fields,
            },
            content_type="application/json",
        )
    assert first.status_code == 201
    assert second.status_code == 422 and "已使用" in second.text
    assert Application.objects.count() == 1


def test_one_proof_of_work_answers_one_submission_of_its_own_scope(client, tree, channels):
    payload = solve(client.get("/api/v1/foi/challenge").json())
    body = {"unit_id": tree.dept_a.pk, **applicant(), "altcha": payload}
    assert client.post("/api/v1/foi/applications", body | {"submission_key": "p1"}, content_type="application/json").status_code == 201  # fmt: skip
    replayed = client.post(
        "/api/v1/foi/applications",
        body | {"submission_key": "p2", "description": "换一个内容再用一次"},
        content_type="application/json",
    )
    assert replayed.status_code == 422 and "已使用" in replayed.text
    foreign = solve(client.get("/api/v1/foi/challenge").json())  # solved for FOI, used on a message
    message = {"channel_id": channels["consult"].pk, "subject": "咨询社保", "body": "请问灵活就业人员如何参保？",
               "name": "王五", "phone": "13605391234", "altcha": foreign}  # fmt: skip
    assert (
        client.post("/api/v1/interaction/messages", message, content_type="application/json").status_code
        == 422
    )
    forged = json.loads(base64.b64decode(payload))
    forged["number"] += 1
    tampered = base64.b64encode(json.dumps(forged).encode()).decode()
    assert client.post("/api/v1/foi/applications", body | {"submission_key": "p3", "altcha": tampered}, content_type="application/json").status_code == 422  # fmt: skip
    assert Application.objects.count() == 1 and not Message.objects.exists()


def test_without_javascript_the_form_asks_the_sum_and_keeps_the_answer_on_the_server(client, tree):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start):
        page = client.get("/foi/apply/").text
    assert "等于几" in page and "<altcha-widget" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    data = {
        "unit": tree.dept_a.pk,
        "submission_key": key,
        "token": token,
        "answer": answer_of(token),
        **applicant(),
    }
    with time_machine.travel(start + dt.timedelta(seconds=40)):
        done = client.post("/foi/apply/", data)
    assert Application.objects.filter(submission_key=key).exists() and 'id="secret"' in done.text


# Rate limits ------------------------------------------------------------------------------------------


@override_settings(GONGKAI_RATE_LIMITS={"foi.address": (2, 3600)})
def test_one_address_is_limited_with_429_and_retry_after(tree):
    client = from_address("203.0.113.7")
    assert api_apply(client, tree.dept_a, key="a1").status_code == 201
    assert (
        api_apply(client, tree.dept_a, key="a2", id_number=OTHER_ID, phone="13905391111").status_code == 201
    )
    third = api_apply(client, tree.dept_a, key="a3", id_number=OTHER_ID, phone="13905392222")
    assert third.status_code == 429 and int(third["Retry-After"]) > 0
    assert "频繁" in third.json()["error"]["message"]
    assert Application.objects.count() == 2
    # another address is not affected
    assert api_apply(from_address("203.0.113.8"), tree.dept_a, key="a4", id_number=OTHER_ID, phone="13905393333").status_code == 201  # fmt: skip


@override_settings(GONGKAI_RATE_LIMITS={"foi.identity": (2, 86400)})
def test_one_identity_is_limited_across_addresses(tree):
    for n in range(2):
        assert api_apply(from_address(f"198.51.100.{n}"), tree.dept_a, key=f"i{n}").status_code == 201
    refused = api_apply(from_address("198.51.100.9"), tree.dept_a, key="i9")
    assert refused.status_code == 429 and "证件号码" in refused.json()["error"]["message"]
    assert Application.objects.count() == 2


@override_settings(GONGKAI_RATE_LIMITS={"foi.address": (1, 3600)})
def test_failed_or_refused_requests_never_count(tree):
    client = from_address("203.0.113.20")
    bad = api_apply(client, tree.dept_a, key="f1", id_number="110105194912310021")  # wrong check digit
    no_proof = api_apply(client, tree.dept_a, key="f2", with_proof=False)
    assert (bad.status_code, no_proof.status_code) == (422, 422)
    assert api_apply(client, tree.dept_a, key="f3").status_code == 201


@override_settings(GONGKAI_RATE_LIMITS={"message.address": (1, 3600)})
def test_the_web_form_answers_429_too(tree, channels):
    client = from_address("203.0.113.30")

    def post(key, phone):
        data = {"channel": channels["consult"].pk, "subject": "道路破损", "body": "小区门口道路破损严重，请尽快维修。",
                "name": "张三", "phone": phone, "submission_key": key, **proof(client, "interaction")}  # fmt: skip
        return client.post("/interaction/write/", data)

    assert post("w1", "13805391234").status_code == 200 and Message.objects.count() == 1
    refused = post("w2", "13805395678")
    assert refused.status_code == 429 and "Retry-After" in refused.headers and "频繁" in refused.text
    assert Message.objects.count() == 1


def test_limits_come_from_settings_and_can_be_switched_off_for_drills(tree):
    with override_settings(GONGKAI_RATE_LIMITS={"foi.address": (0, 60)}):
        assert api_apply(from_address("192.0.2.1"), tree.dept_a, key="s1").status_code == 429
    with override_settings(GONGKAI_RATE_LIMITS={"foi.address": (0, 60)}, GONGKAI_RATE_LIMITS_OFF=True):
        assert api_apply(from_address("192.0.2.1"), tree.dept_a, key="s2").status_code == 201


@override_settings(GONGKAI_RATE_LIMITS={"foi.address": (1, 3600)})
def test_with_the_shared_cache_down_limits_count_locally(tree, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    dead = RedisCache("redis://127.0.0.1:6390/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    monkeypatch.setattr(antiabuse, "caches", {"default": dead})
    client = from_address("192.0.2.50")
    assert api_apply(client, tree.dept_a, key="r1").status_code == 201
    assert (
        api_apply(client, tree.dept_a, key="r2", id_number=OTHER_ID, phone="13905394444").status_code == 429
    )


# Submission keys, secrets and lookups -------------------------------------------------------------------


def test_a_used_key_with_other_content_is_a_conflict_without_the_secret(client, tree):
    first = api_apply(client, tree.dept_a, key="shared-key")
    other = api_apply(client, tree.dept_a, key="shared-key", description="完全不同的申请内容")
    assert first.status_code == 201
    assert other.status_code == 409
    assert first.json()["secret"] not in other.text and first.json()["tracking_code"] not in other.text
    same = api_apply(client, tree.dept_a, key="shared-key")
    assert same.status_code == 200 and same.json()["secret"] == first.json()["secret"]


def test_track_secrets_carry_64_bits_and_read_with_or_without_dashes(client, tree):
    made = api_apply(client, tree.dept_a, key="s64").json()
    raw = made["secret"].replace("-", "")
    assert len(raw) == 16 and int(raw, 16) >= 0  # 16 hexadecimal digits = 64 bits
    for typed in (made["secret"], raw.lower(), " ".join(raw[i : i + 4] for i in range(0, 16, 4))):
        found = client.post("/api/v1/foi/track", {"tracking_code": made["tracking_code"], "secret": typed},
                            content_type="application/json")  # fmt: skip
        assert found.status_code == 200


@override_settings(GONGKAI_RATE_LIMITS={"lookup.address": (3, 3600)})
def test_failed_lookups_are_limited_but_the_owner_is_not(tree, channels):
    owner = from_address("192.0.2.60")
    made = api_apply(owner, tree.dept_a, key="look").json()
    guesser = from_address("192.0.2.61")
    for n in range(3):
        miss = guesser.post("/api/v1/foi/track", {"tracking_code": made["tracking_code"], "secret": f"{n:016X}"},
                            content_type="application/json")  # fmt: skip
        assert miss.status_code == 404
    blocked = guesser.post("/api/v1/foi/track", {"tracking_code": made["tracking_code"], "secret": made["secret"]},
                           content_type="application/json")  # fmt: skip
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert guesser.get("/api/v1/interaction/messages/by-code/LY000000XXXX").status_code == 429
    page = guesser.post("/foi/track/", {"tracking_code": made["tracking_code"], "secret": made["secret"]})
    assert page.status_code == 429 and "查询失败次数过多" in page.text
    for _ in range(5):  # the owner looks at the application as often as they like
        assert owner.post("/api/v1/foi/track", {"tracking_code": made["tracking_code"], "secret": made["secret"]},
                          content_type="application/json").status_code == 200  # fmt: skip


# Phone numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["abc", "12345", "1380539123", "23805391234"])
def test_the_foi_form_refuses_what_is_not_a_phone_number(client, tree, phone):
    response = api_apply(client, tree.dept_a, key=f"ph-{phone}", phone=phone)
    assert response.status_code == 422 and "phone" in response.json()["error"]["fields"]
    page = client.post(
        "/foi/apply/", {"unit": tree.dept_a.pk, **applicant(phone=phone), **proof(client, "foi")}
    )
    assert "电话" in page.text and not Application.objects.exists()


@pytest.mark.parametrize("phone", ["13805391234", "0539-8123456", "+86 138 0539 1234", "010-12345678"])
def test_mobiles_and_landlines_with_area_codes_are_accepted(client, tree, phone):
    assert api_apply(client, tree.dept_a, key=f"ok-{phone}", phone=phone).status_code == 201


def test_messages_need_a_mobile_number(client, channels):
    body = {"channel_id": channels["consult"].pk, "subject": "咨询社保", "body": "请问灵活就业人员如何参保？",
            "name": "王五", "phone": "0539-8123456", **proof(client, "interaction")}  # fmt: skip
    response = client.post("/api/v1/interaction/messages", body, content_type="application/json")
    assert response.status_code == 422 and "手机号码" in response.json()["error"]["fields"]["phone"]


def test_a_comment_contact_may_be_a_phone_or_an_email_but_not_nonsense(client, tree):
    from gongkai.participation.models import Consultation

    now = dt.datetime.now(dt.UTC)
    draft = Consultation.objects.create(
        title="临沂市城市公园管理办法（征求意见稿）", unit=tree.dept_a, draft="第一条", explanation="说明", basis="依据",
        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=10), is_published=True,
    )  # fmt: skip
    url = f"/api/v1/consultations/{draft.pk}/comments"
    for contact, status in (("abc123", 422), ("13905391234", 201), ("li@example.com", 201)):
        body = {
            "body": "赞成。",
            "contact": contact,
            "submission_key": contact,
            **proof(client, "participation"),
        }
        assert client.post(url, body, content_type="application/json").status_code == status


def test_the_challenge_endpoints_answer_the_same_shape(client):
    for url in ("/api/v1/foi/challenge", "/api/v1/interaction/challenge", "/api/v1/consultations/challenge"):
        found = client.get(url).json()
        assert set(found["altcha"]) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
        assert found["question"].endswith("（请填写阿拉伯数字）")


def test_rate_limit_counters_hold_no_address_or_phone(settings):
    key, _count, _retry = antiabuse._window("message.identity", "13805391234", 0)
    assert "13805391234" not in key and "message.identity" in key


@pytest.fixture
def channels(tree):
    return {"consult": Channel.objects.create(code="consult", name="咨询", kind="consultation", unit=tree.dept_a, reply_days=5)}  # fmt: skip


VALID = VALID_ID


@override_settings(GONGKAI_RATE_LIMITS={"message.address": (1, 3600)})
def test_with_redis_unreachable_the_resilient_cache_hands_counting_to_this_server(channels):
    """The shared cache answers as a miss when Redis is down (incr returns 1 every time); the limits notice
    and count on this server instead, so they still hold."""
    from gongkai.core import cache as shared

    dead = shared.ResilientRedisCache(
        "redis://127.0.0.1:6390/0", {"OPTIONS": {"socket_connect_timeout": 0.1}}
    )
    shared.reset_breakers()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(antiabuse, "caches", {"default": dead})
        patch.setattr(shared, "caches", {"default": dead})
        client = from_address("192.0.2.70")

        def post(key, phone):
            body = {"channel_id": channels["consult"].pk, "subject": "道路破损", "body": "小区门口道路破损严重，请尽快维修。",
                    "name": "张三", "phone": phone, "submission_key": key, **proof(client, "interaction")}  # fmt: skip
            return client.post("/api/v1/interaction/messages", body, content_type="application/json")

        assert post("down-1", "13805391234").status_code == 201
        assert post("down-2", "13805395678").status_code == 429
    shared.reset_breakers()


def test_after_a_wrong_answer_the_form_shows_the_new_question(client, tree):
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start):
        page = client.get("/foi/apply/").text
    token = page.split('name="token" value="')[1].split('"')[0]
    wrong = str((int(answer_of(token)) + 1) % 19)
    with time_machine.travel(start + dt.timedelta(seconds=30)):
        again = client.post("/foi/apply/", {"unit": tree.dept_a.pk, "submission_key": "lbl", "token": token,
                                            "answer": wrong, **applicant()}).text  # fmt: skip
    new_token = again.split('name="token" value="')[1].split('"')[0]
    assert new_token != token and "回答不正确" in again
    label = again.split('for="id_answer">')[1].split("<")[0]
    assert "等于几" in label  # the new sum is asked, not a bare "验证问题"


def test_a_double_clicks_second_request_waits_for_the_first_instead_of_failing(tree):
    from gongkai.core.models import PublicChallenge

    challenge = antiabuse.new_challenge("foi")
    PublicChallenge.objects.filter(key=challenge["token"]).update(used_at=dt.datetime.now(dt.UTC))
    used = antiabuse.Proof(token=challenge["token"], answer=answer_of(challenge["token"]))
    with pytest.raises(antiabuse.ChallengeUsed):
        antiabuse.verify("foi", used)
    calls = []
    antiabuse.verify(
        "foi", used, registered=lambda: calls.append(1) or len(calls) > 2
    )  # lands on the 3rd look
    assert len(calls) == 3
