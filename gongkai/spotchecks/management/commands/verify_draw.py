"""``gongkai verify_draw <plan>``: re-run a drawn plan's draw from its published seed (or ``--seed``) and frozen
pool; checks sha256(seed) against the commitment published before the draw and the picks against those
published. Exit status 1 on any mismatch."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.spotchecks import services
from gongkai.spotchecks.models import Plan


class Command(BaseCommand):
    help = (
        "Re-run a 双随机 plan's draw from its published seed and pool and compare with the published picks."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, help="the plan's id")
        parser.add_argument("--seed", help="check this seed instead of the published one")

    def handle(self, *args, plan: int, seed: str | None = None, **options):
        found = Plan.objects.public().filter(pk=plan).first()
        if found is None:
            raise CommandError(f"没有编号为{plan}的已公布抽查计划。")
        try:
            outcome = services.verify_plan(found, seed)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{found.title}")
        self.stdout.write(f"承诺值：{found.commitment}")
        self.stdout.write("承诺值核对：" + ("一致" if outcome.commitment_ok else "不一致"))
        self.stdout.write("抽取结果核对：" + ("一致" if outcome.picks_ok else "不一致"))
        for pick in outcome.picks:
            self.stdout.write(f"{pick.order + 1} {pick.entity} {' '.join(pick.inspectors)}")
        if not outcome.ok:
            raise CommandError("核验不通过。")
