"""Public pages and the API of 双随机、一公开: they render, keep the seed hidden before the draw, verify a draw
re-run from the published seed and pool, and answer a wrong input in Chinese."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.spotchecks import draw, services
from gongkai.spotchecks.models import PlanState
from tests.spotchecks.conftest import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(plan):
    return services.commit_plan(actor=SYSTEM, plan=plan)


@pytest.fixture
def drawn(committed):
    return services.draw_plan(actor=SYSTEM, plan=committed)


@pytest.fixture
def published(drawn):
    for pick in drawn.picks.all():
        services.record_result(
            actor=SYSTEM, pick=pick, checked_on=timezone.localdate(drawn.drawn_at), outcome="no_problem"
        )
    return services.publish_results(actor=SYSTEM, plan=drawn)


def test_every_public_page_renders_with_one_heading_and_breadcrumbs(published, citizen):
    for url in ("/registers/inspections/", "/registers/inspections/matters/", "/registers/inspections/results/",
                f"/registers/inspections/{published.pk}/", f"/registers/inspections/{published.pk}/verify/"):  # fmt: skip
        response = citizen.get(url)
        text = response.content.decode()
        assert response.status_code == 200, url
        assert text.count("<h1") == 1 and "breadcrumb" in text, url


def test_the_lists_filter_by_unit_and_mistyped_filters_are_ignored(published, citizen, tree):
    assert (
        "明码标价检查"
        in citizen.get(f"/registers/inspections/matters/?unit={tree.dept_a.pk}").content.decode()
    )
    assert (
        "明码标价检查"
        not in citizen.get(f"/registers/inspections/matters/?unit={tree.dept_b.pk}").content.decode()
    )
    for url in (
        "/registers/inspections/?unit=x&year=abc&page=zz",
        "/registers/inspections/results/?year=%FF",
    ):
        assert citizen.get(url).status_code == 200


def test_before_the_draw_the_commitment_is_public_and_the_seed_is_not(committed, citizen):
    page = citizen.get(f"/registers/inspections/{committed.pk}/").content.decode()
    assert committed.commitment in page and committed.seed not in page
    api = citizen.get(f"/api/v1/registers/inspections/{committed.pk}").json()
    assert api["commitment"] == committed.commitment and api["seed"] is None and api["picks"] is None
    assert committed.seed not in citizen.get("/api/v1/registers/inspections").content.decode()
    assert committed.seed not in citizen.get(
        f"/registers/inspections/{committed.pk}/pool.csv"
    ).content.decode("utf-8-sig")
    response = citizen.get(f"/registers/inspections/{committed.pk}/verify/?seed={committed.seed}")
    assert response.status_code == 400 and "尚未抽取" in response.content.decode()
    assert (
        committed.seed not in citizen.get(f"/registers/inspections/{committed.pk}/verify/").content.decode()
    )


def test_a_draw_rerun_from_the_published_seed_and_pool_gives_the_same_entities_and_inspectors(drawn, citizen):
    """The issue's "done when": everything comes from the public page's files, nothing from the database."""
    api = citizen.get(f"/api/v1/registers/inspections/{drawn.pk}").json()
    pool = citizen.get(api["pool"]["csv_url"]).content.decode("utf-8-sig")
    entities, inspectors, conflicts = draw.read_pool(io.StringIO(pool))
    assert draw.commitment(api["seed"]) == api["commitment"]
    again = draw.draw(
        api["seed"], entities, inspectors, api["entity_count"], api["inspectors_per_entity"], conflicts
    )
    assert [(p.entity, list(p.inspectors)) for p in again] == [
        (p["credit_code"], [i["certificate_no"] for i in p["inspectors"]]) for p in api["picks"]
    ]


def test_the_verify_form_confirms_the_published_seed_and_refuses_another(drawn, citizen):
    good = citizen.get(f"/registers/inspections/{drawn.pk}/verify/?seed={drawn.seed}").content.decode()
    assert "随机种子与承诺值一致。" in good and "重新抽取的结果与公布的抽取结果一致。" in good
    wrong = citizen.get(f"/registers/inspections/{drawn.pk}/verify/?seed={'0' * 64}").content.decode()
    assert "随机种子与承诺值不一致。" in wrong and "重新抽取的结果与公布的抽取结果不一致。" in wrong
    empty = citizen.get(f"/registers/inspections/{drawn.pk}/verify/?seed=")
    assert empty.status_code == 400 and "请填写随机种子。" in empty.content.decode()


def test_the_verify_command_confirms_the_draw_and_fails_for_a_wrong_seed(drawn):
    out = io.StringIO()
    call_command("verify_draw", str(drawn.pk), stdout=out)
    assert "承诺值核对：一致" in out.getvalue() and "抽取结果核对：一致" in out.getvalue()
    with pytest.raises(CommandError, match="核验不通过"):
        call_command("verify_draw", str(drawn.pk), "--seed", "f" * 64, stdout=io.StringIO())


def test_the_verify_command_refuses_a_plan_not_yet_drawn(committed):
    with pytest.raises(CommandError, match="尚未抽取"):
        call_command("verify_draw", str(committed.pk), stdout=io.StringIO())


def test_the_pool_csv_lists_entities_and_inspectors_in_key_order(committed, citizen):
    response = citizen.get(f"/registers/inspections/{committed.pk}/pool.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    entity_keys = [r["编码"] for r in rows if r["类别"] == "检查对象"]
    assert entity_keys == sorted(entity_keys) and len(entity_keys) == 12
    assert [r["编码"] for r in rows if r["类别"] == "执法人员"] == [f"37130020{n:04d}" for n in range(4)]


def test_the_draw_module_is_downloadable(citizen):
    response = citizen.get("/registers/inspections/draw.py")
    assert response.status_code == 200 and b"def draw(" in response.content


def test_a_draft_plan_and_an_unknown_plan_are_not_found(plan, citizen):
    assert citizen.get(f"/registers/inspections/{plan.pk}/").status_code == 404
    assert citizen.get(f"/registers/inspections/{plan.pk}/pool.csv").status_code == 404
    assert citizen.get(f"/api/v1/registers/inspections/{plan.pk}").status_code == 404
    assert citizen.get("/registers/inspections/99999/verify/").status_code == 404


def test_the_api_lists_plans_in_its_documented_shape(published, citizen):
    body = citizen.get("/api/v1/registers/inspections?page_size=5").json()
    assert set(body) == {"items", "count", "page", "page_size"} and body["count"] == 1
    item = body["items"][0]
    assert set(item) == {
        "id", "title", "unit", "unit_id", "year", "url", "state", "state_label", "starts_on", "ends_on",
        "entity_count", "inspectors_per_entity", "matters", "pool", "commitment", "committed_at", "seed",
        "drawn_at", "picks", "results_published_at", "results",
    }  # fmt: skip
    assert item["state"] == PlanState.PUBLISHED and item["seed"] == published.seed
    assert set(item["matters"][0]) == {"code", "name", "basis", "scope", "method", "method_label"}
    assert set(item["picks"][0]) == {"id", "order", "entity_name", "credit_code", "inspectors"}
    assert set(item["results"][0]) == {
        "entity_name", "credit_code", "matters", "checked_on", "outcome", "outcome_label", "findings", "handling",
        "authority",
    }  # fmt: skip
    assert item["results"][0]["authority"] == "临沂市发展和改革委员会"
    assert citizen.get("/api/v1/registers/inspections?state=drawn").json()["count"] == 0
    assert citizen.get("/api/v1/registers/inspections?year=1800").status_code == 422


def test_the_feed_lists_each_public_step_and_the_seed_only_after_the_draw(committed, citizen):
    body = citizen.get("/registers/inspections/feed/").content.decode()
    assert "公布抽查计划" in body and committed.commitment in body and committed.seed not in body
    services.draw_plan(actor=SYSTEM, plan=committed)
    body = citizen.get("/registers/inspections/feed/").content.decode()
    assert "完成随机抽取" in body and committed.seed in body
