"""Benchmark: the archive scan (已发布信息巡查) over N published items, against the bare matching of the same
texts in memory.

Run: GONGKAI_DEBUG=1 .venv/bin/python bench/scan_archive.py [--items 100000] [--terms 300]

Seeds a throw-away SQLite database (or DATABASE_URL if set: use a scratch database) with ``--items``
published items through ``bulk_create`` (about 1,200 characters of body text each; one in ten with an
attachment's extracted text of about 2,000 characters; about 1 % with a planted lexicon term, a leader with
a wrong title, a mobile or identity number, or an internal link), a lexicon of ``--terms`` entries and 60
leaders. Then, timed:

- ``scan (all checks)``: ``gongkai.scans.scanner.execute`` as the worker runs it: reading the items and the
  attachments in batches of 1,000, the automaton, the personal-data patterns, the internal links, writing
  the findings (first run) and closing the vanished ones;
- ``re-scan (steady state)``: the same again, nothing new to write (the daily run);
- baseline: the same automaton and patterns over the same texts already in memory (no database), i.e. the
  floor the scan cannot go below; and the naive N×M lexicon (``term in text`` for every term and text) on a
  10 % sample, scaled to the whole, to show what the automaton saves.

External links are off (they are bounded per run and paced per host: their time is the network's).

Stated time: 100,000 items scanned (all checks) within 5 minutes on 2 cores; measured about 100 s on the
development machine (SQLite), the in-memory floor about 60 s (README, 已发布信息巡查).
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
SCRATCH = tempfile.mkdtemp(prefix="gongkai-bench-scan-")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ.setdefault("GONGKAI_SEARCH_INDEX_DIR", f"{SCRATCH}/search-index")

import django

django.setup()

from django.conf import settings

settings.DEBUG = False
settings.GONGKAI_SCAN_EXTERNAL_LINKS = False

from django.core.management import call_command
from django.db.models.signals import post_save
from django.utils import timezone

from gongkai.core import idcard
from gongkai.core.models import Leader, Organization, OrgType
from gongkai.publishing.models import Attachment, InformationItem, LexiconEntry, Status
from gongkai.scans import detectors, scanner
from gongkai.scans.models import RunStatus, ScanFinding, ScanRun, Trigger

# Common characters of government prose, to draw sentences from.
PROSE = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方"
    "后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
    "它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此"
    "变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老"
    "头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研质信息工"
    "作推进落实加强完善深化服务保障促进发展改革创新治理规范监督检查安全生产环境保护教育卫生健康就业养老城乡建设"
)  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"


def sentence(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(PROSE, k=length)) + "。"


def text(rng: random.Random, chars: int) -> str:
    out, size = [], 0
    while size < chars:
        part = sentence(rng, rng.randrange(15, 40))
        out.append(part)
        size += len(part)
    return "".join(out)


def id_number(rng: random.Random) -> str:
    first = f"3713{rng.randrange(10, 99)}19{rng.randrange(50, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 28):02d}{rng.randrange(0, 999):03d}"
    return first + idcard.check_character(first)


def seed(n_items: int, n_terms: int, rng: random.Random):
    city = Organization.objects.create(
        name="基准市人民政府", org_type=OrgType.GOVERNMENT, short_name="市政府"
    )
    city.path = f"/{city.pk}/"
    city.save()
    units = [city]
    for k in range(20):
        unit = Organization.objects.create(name=f"基准市第{k}局", org_type=OrgType.DEPARTMENT, parent=city)
        unit.path = f"{city.path}{unit.pk}/"
        unit.save()
        units.append(unit)
    terms = set()
    while len(terms) < n_terms:
        terms.add("".join(rng.choices(PROSE, k=rng.randrange(4, 7))))
    LexiconEntry.objects.bulk_create(
        [
            LexiconEntry(term=t, kind="misspelling" if i % 2 else "forbidden", correction="正确写法")
            for i, t in enumerate(sorted(terms))
        ]
    )
    leaders = []
    for k in range(60):
        leaders.append(Leader(organization=units[k % len(units)], name=SURNAMES[k % len(SURNAMES)] + "".join(
            rng.choices(PROSE, k=2)), title="局长" if k % 3 == 0 else "副局长", since=dt.date(2020, 1, 1)))  # fmt: skip
    Leader.objects.bulk_create(leaders)
    term_list, now = sorted(terms), timezone.now()
    planted = 0
    batch: list[InformationItem] = []
    made = 0
    while made < n_items:
        body = text(rng, 1200)
        html = ""
        if rng.random() < 0.01:
            planted += 1
            kind = rng.randrange(5)
            if kind == 0:
                body += f"坚持{rng.choice(term_list)}原则。"
            elif kind == 1:
                leader = rng.choice(leaders)
                body += f"{'局长' if leader.title == '副局长' else '副局长'}{leader.name}出席会议。"
            elif kind == 2:
                body += f"联系电话1{rng.randrange(3, 10)}{rng.randrange(10**8, 10**9)}。"
            elif kind == 3:
                body += f"身份证号{id_number(rng)}。"
            else:
                html = f'<p>{body}<a href="/xxgk/items/{rng.randrange(1, n_items * 2)}/">相关链接</a></p>'
        batch.append(InformationItem(
            unit=rng.choice(units), title=sentence(rng, rng.randrange(12, 30)), body=html or f"<p>{body}</p>",
            body_text=body, status=Status.PUBLISHED, published_at=now - dt.timedelta(minutes=made),
        ))  # fmt: skip
        made += 1
        if len(batch) == 2000 or made == n_items:
            InformationItem.objects.bulk_create(batch)
            batch = []
    ids = list(InformationItem.objects.values_list("pk", flat=True))
    attachments = [
        Attachment(item_id=pk, file=f"bench/{pk}.pdf", name=f"附件{pk}.pdf", kind="pdf", mime="application/pdf",
                   size=1000, sha256="0" * 64, text=text(rng, 2000))
        for pk in ids[::10]
    ]  # fmt: skip
    Attachment.objects.bulk_create(attachments, batch_size=2000)
    return planted, len(attachments)


def timed(fn):
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def run_scan():
    run = ScanRun.objects.create(trigger=Trigger.COMMAND, status=RunStatus.RUNNING)
    return scanner.execute(run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    post_save.receivers = []  # seeding in bulk: no lexicon re-scan queued per row
    seed_seconds, (planted, n_attachments) = timed(lambda: seed(args.items, args.terms, rng))

    first_seconds, first = timed(run_scan)
    again_seconds, again = timed(run_scan)

    load_seconds, texts = timed(lambda: [
        *InformationItem.objects.values_list("title", flat=True),
        *InformationItem.objects.values_list("body_text", flat=True),
        *Attachment.objects.values_list("text", flat=True),
    ])  # fmt: skip
    automaton = scanner.matcher()

    def bare():
        hits = 0
        for value in texts:
            hits += sum(1 for _ in automaton.find(value))
            hits += sum(1 for _ in detectors.personal(value))
        return hits

    bare_seconds, bare_hits = timed(bare)
    terms = list(LexiconEntry.objects.values_list("term", flat=True))
    sample = texts[::10]
    naive_seconds, _ = timed(lambda: sum(1 for value in sample for term in terms if term in value))
    naive_seconds *= len(texts) / max(1, len(sample))
    # Ten times the lexicon, on the same sample: the automaton's time stays, the naive one grows tenfold.
    many = set(terms)
    while len(many) < 10 * len(terms):
        many.add("".join(rng.choices(PROSE, k=rng.randrange(4, 7))))
    big = detectors.Matcher([detectors.LexiconTerm(t, "forbidden") for t in many], [])
    scale = len(texts) / max(1, len(sample))
    big_seconds, _ = timed(lambda: sum(1 for value in sample for _ in big.find(value)))
    big_naive_seconds, _ = timed(lambda: sum(1 for value in sample for term in many if term in value))

    n = args.items
    print(f"\narchive scan: {n:,} items, {n_attachments:,} attachments, {len(terms)} lexicon terms, 60 leaders, "
          f"{planted} items planted; {os.cpu_count()} CPU(s), {settings.DATABASES['default']['ENGINE']}")  # fmt: skip
    print(f"seeding (bulk_create, not part of the scan): {seed_seconds:.1f} s\n")
    rows = [
        ("scan, all checks (first run, writes findings)", first_seconds, f"{first.found:,} found"),
        ("re-scan, all checks (steady state)", again_seconds, f"{again.found:,} found, {again.created} new"),
        ("baseline: reading the texts into memory", load_seconds, f"{len(texts):,} texts"),
        ("baseline: automaton + personal patterns in memory", bare_seconds, f"{bare_hits:,} hits"),
        ("naive N×M lexicon (term in text), from a 10% sample", naive_seconds, "scaled"),
        (f"automaton, {len(many)} terms, from a 10% sample", big_seconds * scale, "scaled"),
        (f"naive N×M, {len(many)} terms, from a 10% sample", big_naive_seconds * scale, "scaled"),
    ]
    print(f"{'what':<55} {'seconds':>9} {'items/s':>10}  note")
    for label, seconds, note in rows:
        print(f"{label:<55} {seconds:>9.1f} {n / seconds if seconds else 0:>10,.0f}  {note}")
    print(f"\nfindings stored: {ScanFinding.objects.count():,}")


if __name__ == "__main__":
    main()
