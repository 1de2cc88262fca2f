"""The verifiable random draw of 双随机、一公开 (random inspection objects, random inspectors, results public).

The rules (国务院办公厅关于推广随机抽查规范事中事后监管的通知, 国办发〔2015〕58号; 市场监管总局《市场监督管理
行政执法程序规定》第十八条：检查不得少于两名执法人员) ask that the entities inspected and the inspectors sent be
chosen at random. "At random" can be checked by anyone when the draw is a pure function of things published
before it happens, and of one secret that is fixed (by its hash) before it happens and published after:

1. When a plan is committed, its candidate pool is frozen and published as two ordered lists of stable public
   keys: the entities (统一社会信用代码) and the inspectors (执法证号), each sorted by key, plus any recorded
   conflicts of interest (回避: an inspector who may not inspect an entity). A seed is generated
   (``secrets.token_hex(32)``: 64 hexadecimal characters) and only its SHA-256, the *commitment*, is published.
2. The draw runs :func:`draw` on the seed and the frozen pool. It is deterministic: the same seed and pool give
   the same picks on any computer.
3. After the draw the seed is published. Anyone checks ``sha256(seed) == commitment`` (so the seed was not
   chosen after seeing the pool or the picks) and re-runs the draw to get the same picks (:func:`verify`).

The algorithm, exactly (``H(text) = int(sha256(text.encode("utf-8")).hexdigest(), 16)``):

- entities: ``remaining = list(entity_keys)``; for ``i = 0, 1, …, count - 1``:
  ``picked.append(remaining.pop(H(f"{seed}:{i}") % len(remaining)))`` (sampling without replacement, in
  draw order);
- inspectors, for the entity drawn ``e``-th (0-based, in draw order): ``eligible`` = the inspector keys in pool
  order without those recorded as in conflict with that entity; for ``j = 0, 1, …, per_entity - 1``:
  ``team.append(eligible.pop(H(f"{seed}:inspector:{e}:{j}") % len(eligible)))``. An inspector may serve
  several entities; never twice for the same one.

The modulo bias is below 2**-200 for any pool a unit can have, which is nothing. This file uses only the
Python standard library and can be downloaded from the plan's page and run on its own::

    python draw.py --seed <seed> --pool pool.csv --count 10 --per-entity 2 [--commitment <sha256>]

where ``pool.csv`` is the plan's downloaded pool (columns 类别, 序号, 编码, 名称; 类别 is 检查对象, 执法人员 or
回避, a 回避 row naming the entity's code in 编码 and the inspector's number in 名称).
"""

from __future__ import annotations

import csv
import hashlib
import secrets
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_INSPECTORS = 2  # 两名以上执法人员

ENTITY = "检查对象"
INSPECTOR = "执法人员"
CONFLICT = "回避"
POOL_COLUMNS = ("类别", "序号", "编码", "名称")


class DrawError(ValueError):
    """The draw cannot be made as asked (a pool too small, a bad seed); the message is in Chinese."""


@dataclass(frozen=True)
class Pick:
    order: int  # 0-based, in draw order
    entity: str  # the entity's key
    inspectors: tuple[str, ...]  # the inspectors' keys, in draw order


@dataclass(frozen=True)
class Verification:
    commitment_ok: bool  # sha256(seed) is the commitment published before the draw
    picks_ok: bool  # re-running the draw gives the published picks
    picks: tuple[Pick, ...]  # the picks the re-run gives

    @property
    def ok(self) -> bool:
        return self.commitment_ok and self.picks_ok


def new_seed() -> str:
    return secrets.token_hex(32)


def commitment(seed: str) -> str:
    """The SHA-256 (hexadecimal) of the seed, published before the draw."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def number(seed: str, label: str) -> int:
    return int(hashlib.sha256(f"{seed}:{label}".encode()).hexdigest(), 16)


def draw(
    seed: str,
    entities: Sequence[str],
    inspectors: Sequence[str],
    count: int,
    per_entity: int,
    conflicts: Mapping[str, Sequence[str]] | None = None,
) -> list[Pick]:
    """Draw ``count`` entities from ``entities`` and ``per_entity`` inspectors for each (see the module's
    docstring for the exact steps). ``conflicts`` maps an entity key to the inspector keys who may not
    inspect it."""
    if not seed:
        raise DrawError("缺少随机种子。")
    if count < 1:
        raise DrawError("抽取的检查对象数量至少为1。")
    if per_entity < MIN_INSPECTORS:
        raise DrawError(f"每个检查对象至少选派{MIN_INSPECTORS}名执法人员。")
    if len(set(entities)) != len(entities) or len(set(inspectors)) != len(inspectors):
        raise DrawError("名录中有重复的编码。")
    if count > len(entities):
        raise DrawError(f"检查对象名录只有{len(entities)}户，少于要抽取的{count}户。")
    conflicts = conflicts or {}
    remaining = list(entities)
    picks = []
    for i in range(count):
        entity = remaining.pop(number(seed, str(i)) % len(remaining))
        excluded = set(conflicts.get(entity, ()))
        eligible = [key for key in inspectors if key not in excluded]
        if per_entity > len(eligible):
            raise DrawError(
                f"可选派到“{entity}”的执法人员只有{len(eligible)}名，少于每户要选派的{per_entity}名。"
            )
        team = [eligible.pop(number(seed, f"inspector:{i}:{j}") % len(eligible)) for j in range(per_entity)]
        picks.append(Pick(order=i, entity=entity, inspectors=tuple(team)))
    return picks


def verify(
    seed: str,
    published_commitment: str,
    entities: Sequence[str],
    inspectors: Sequence[str],
    count: int,
    per_entity: int,
    picks: Sequence[Pick],
    conflicts: Mapping[str, Sequence[str]] | None = None,
) -> Verification:
    """Check the seed against the commitment and re-run the draw against the published picks."""
    seed = seed.strip()
    again = tuple(draw(seed, entities, inspectors, count, per_entity, conflicts))
    return Verification(
        commitment_ok=secrets.compare_digest(commitment(seed), published_commitment.strip().lower()),
        picks_ok=again == tuple(picks),
        picks=again,
    )


def pool_rows(
    entities: Sequence[tuple[str, str]],
    inspectors: Sequence[tuple[str, str]],
    conflicts: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[str, int | str, str, str]]:
    """The pool as the rows of its CSV: (类别, 序号, 编码, 名称), entities and inspectors as (key, name)."""
    rows: list[tuple[str, int | str, str, str]] = [
        (ENTITY, n, k, name) for n, (k, name) in enumerate(entities)
    ]
    rows += [(INSPECTOR, n, k, name) for n, (k, name) in enumerate(inspectors)]
    for entity, keys in sorted((conflicts or {}).items()):
        rows += [(CONFLICT, "", entity, key) for key in keys]
    return rows


def read_pool(lines) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Entities, inspectors (in 序号 order) and conflicts from the pool CSV's lines."""
    entities: list[tuple[int, str]] = []
    inspectors: list[tuple[int, str]] = []
    conflicts: dict[str, list[str]] = {}
    for row in csv.DictReader(lines):
        kind, key = row["类别"].strip(), row["编码"].strip()
        if kind == ENTITY:
            entities.append((int(row["序号"]), key))
        elif kind == INSPECTOR:
            inspectors.append((int(row["序号"]), key))
        elif kind == CONFLICT:
            conflicts.setdefault(key, []).append(row["名称"].strip())
    return [k for _, k in sorted(entities)], [k for _, k in sorted(inspectors)], conflicts


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Re-run a 双随机 draw from its published seed and pool.")
    parser.add_argument("--seed", required=True)
    parser.add_argument("--pool", required=True, help="the plan's pool CSV")
    parser.add_argument("--count", type=int, required=True, help="entities to draw")
    parser.add_argument("--per-entity", type=int, required=True, help="inspectors per entity")
    parser.add_argument("--commitment", help="the SHA-256 published before the draw")
    args = parser.parse_args(argv)
    with open(args.pool, encoding="utf-8-sig", newline="") as f:
        entities, inspectors, conflicts = read_pool(f)
    if args.commitment:
        ok = commitment(args.seed.strip()) == args.commitment.strip().lower()
        print("承诺值核对：" + ("一致" if ok else "不一致"))
    for pick in draw(args.seed.strip(), entities, inspectors, args.count, args.per_entity, conflicts):
        print(pick.order + 1, pick.entity, " ".join(pick.inspectors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
