"""The draw module (no database): the same seed and pool give the same picks, anything else does not."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.spotchecks import draw

SEED = "9f2c" * 16
ENTITIES = [f"E{n:02d}" for n in range(30)]
INSPECTORS = [f"Z{n:02d}" for n in range(8)]


def h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def test_the_draw_follows_the_documented_algorithm_step_by_step():
    remaining, expected = list(ENTITIES), []
    for i in range(5):
        entity = remaining.pop(h(f"{SEED}:{i}") % len(remaining))
        eligible = list(INSPECTORS)
        team = tuple(eligible.pop(h(f"{SEED}:inspector:{i}:{j}") % len(eligible)) for j in range(2))
        expected.append(draw.Pick(i, entity, team))
    assert draw.draw(SEED, ENTITIES, INSPECTORS, 5, 2) == expected


def test_a_draw_rerun_from_the_same_seed_and_pool_gives_the_same_entities_and_inspectors():
    first = draw.draw(SEED, ENTITIES, INSPECTORS, 10, 3)
    assert draw.draw(SEED, list(ENTITIES), list(INSPECTORS), 10, 3) == first
    assert len({p.entity for p in first}) == 10  # without replacement
    assert all(len(set(p.inspectors)) == 3 for p in first)


@pytest.mark.parametrize("count", [1, 7, 30])
def test_every_size_up_to_the_whole_pool_is_drawn_without_repeats(count):
    picks = draw.draw(SEED, ENTITIES, INSPECTORS, count, 2)
    assert [p.order for p in picks] == list(range(count))
    assert len({p.entity for p in picks}) == count


def test_a_changed_seed_gives_a_mismatch():
    published = draw.draw(SEED, ENTITIES, INSPECTORS, 10, 2)
    result = draw.verify(SEED[:-1] + "0", draw.commitment(SEED), ENTITIES, INSPECTORS, 10, 2, published)
    assert not result.picks_ok and not result.commitment_ok and not result.ok


def test_the_right_seed_verifies_against_its_commitment_and_picks():
    published = draw.draw(SEED, ENTITIES, INSPECTORS, 10, 2)
    result = draw.verify(f" {SEED} ", draw.commitment(SEED), ENTITIES, INSPECTORS, 10, 2, published)
    assert result.ok and result.commitment_ok and result.picks_ok


def test_the_commitment_check_fails_for_a_wrong_seed():
    assert draw.commitment(SEED) == hashlib.sha256(SEED.encode()).hexdigest()
    assert draw.commitment("a wrong seed") != draw.commitment(SEED)


def test_a_reordered_pool_gives_a_mismatch():
    published = draw.draw(SEED, ENTITIES, INSPECTORS, 10, 2)
    result = draw.verify(SEED, draw.commitment(SEED), ENTITIES[::-1], INSPECTORS, 10, 2, published)
    assert result.commitment_ok and not result.picks_ok


def test_an_inspector_in_conflict_with_an_entity_is_never_sent_there():
    for seed in (f"{n:064x}" for n in range(40)):
        conflicts = dict.fromkeys(ENTITIES, INSPECTORS[:6])
        for pick in draw.draw(seed, ENTITIES, INSPECTORS, 5, 2, conflicts):
            assert set(pick.inspectors) == {"Z06", "Z07"}


@pytest.mark.parametrize(
    ("entities", "inspectors", "count", "per", "message"),
    [
        (ENTITIES[:3], INSPECTORS, 4, 2, "检查对象名录只有3户，少于要抽取的4户。"),
        (ENTITIES, INSPECTORS, 0, 2, "抽取的检查对象数量至少为1。"),
        (ENTITIES, INSPECTORS, 3, 1, "每个检查对象至少选派2名执法人员。"),
        (ENTITIES, INSPECTORS[:2], 3, 3, "执法人员只有2名"),
        (["A", "A"], INSPECTORS, 1, 2, "名录中有重复的编码。"),
    ],
)
def test_an_impossible_draw_is_refused_in_chinese(entities, inspectors, count, per, message):
    with pytest.raises(draw.DrawError, match=message):
        draw.draw(SEED, entities, inspectors, count, per)


def test_an_empty_seed_is_refused():
    with pytest.raises(draw.DrawError, match="缺少随机种子"):
        draw.draw("", ENTITIES, INSPECTORS, 1, 2)


def test_anyone_reruns_the_draw_with_the_file_alone(tmp_path):
    rows = draw.pool_rows(
        [(k, "名称" + k) for k in ENTITIES], [(k, "姓名") for k in INSPECTORS], {"E01": ["Z00"]}
    )
    pool = tmp_path / "pool.csv"
    pool.write_text(
        ",".join(draw.POOL_COLUMNS) + "\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n",
        "utf-8-sig",
    )
    assert draw.read_pool(pool.read_text("utf-8-sig").splitlines()) == (
        ENTITIES,
        INSPECTORS,
        {"E01": ["Z00"]},
    )
    script = Path(draw.__file__)
    out = subprocess.run(
        [sys.executable, str(script), "--seed", SEED, "--pool", str(pool), "--count", "3", "--per-entity", "2",
         "--commitment", draw.commitment(SEED)],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.splitlines()  # fmt: skip
    expected = draw.draw(SEED, ENTITIES, INSPECTORS, 3, 2, {"E01": ["Z00"]})
    assert out[0] == "承诺值核对：一致"
    assert out[1:] == [f"{p.order + 1} {p.entity} {' '.join(p.inspectors)}" for p in expected]
