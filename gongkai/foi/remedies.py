"""The remedies every deciding notice states (救济途径, spec §1.9): where and within which period the applicant
may seek administrative reconsideration (行政复议) and sue (行政诉讼).

* Reconsideration within 60 days of learning of the decision (行政复议法 2023, in force 1 January 2024,
  Art. 20); a notice that omits the remedies lets the period run from when the applicant learns them, up to
  a year: so every deciding notice carries them.
* Litigation within 6 months (行政诉讼法 Art. 46).
* The reconsideration organ (Art. 24): a department's decision goes to its people's government; a people's
  government's to the government at the next level up; a 派出机关 (development-zone committee, street office)
  to the government that set it up. Worked out from the organization tree: the nearest people's government
  above the unit. A unit whose organ the tree cannot give (vertically managed organs, Art. 27; the top of the
  tree) names it in ``Organization.reconsideration_organ``.
* Reconsideration first (复议前置, Art. 23(1)(4)): for the outcomes the openness office lists in
  ``ProcedureSettings.prior_review_outcomes`` (by default every 不予公开 row and 部分公开) the applicant must
  seek reconsideration before suing; otherwise either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.core.models import Organization
from gongkai.core.reconsideration import organ_for

from .models import ProcedureSettings

RECONSIDERATION_DAYS = 60  # 行政复议法 (2023) 第二十条
LITIGATION_MONTHS = 6  # 行政诉讼法 第四十六条


@dataclass(frozen=True)
class Remedies:
    organ: str  # the reconsideration organ (复议机关)
    prior_review: bool  # reconsideration must come before a lawsuit (复议前置)
    reconsideration_days: int = RECONSIDERATION_DAYS
    litigation_months: int = LITIGATION_MONTHS

    @property
    def sentence(self) -> str:
        """The remedies as the notice states them (spec §1.9's wording)."""
        if self.prior_review:
            return _(
                "可自收到本告知书之日起六十日内向%(organ)s申请行政复议；对行政复议决定不服的，"
                "可以依法向人民法院提起行政诉讼。"
            ) % {"organ": self.organ}
        return _(
            "可自收到本告知书之日起六十日内向%(organ)s申请行政复议，"
            "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
        ) % {"organ": self.organ}

    @property
    def paragraph(self) -> str:
        """The closing paragraph of a deciding notice."""
        return _("如对本告知书不服，") + self.sentence


def prior_review(outcome: str | None, settings: ProcedureSettings | None = None) -> bool:
    """Whether a decision with ``outcome`` must go to reconsideration before a court (复议前置)."""
    if not outcome:
        return False
    settings = settings or ProcedureSettings.current()
    return str(outcome) in set(settings.prior_review_outcomes or [])


def for_decision(
    unit: Organization, outcome: str | None, *, settings: ProcedureSettings | None = None
) -> Remedies:
    """The remedies of ``unit``'s decision with ``outcome`` (an ``Outcome`` value, or None for a decision
    outside table 3, such as a refused correction of records: the applicant may choose)."""
    return Remedies(organ=organ_for(unit), prior_review=prior_review(outcome, settings))


def for_application(application) -> Remedies | None:
    """The remedies of ``application``'s decision, once it is decided (it has an outcome: answered, or
    closed without a reply on the merits); None before."""
    if not application.outcome:
        return None
    return for_decision(application.unit, application.outcome)


def paragraph_for(application) -> str:
    """The remedies paragraph of ``application``'s decision as its notice states it, or "" before it is
    decided (the tracking page and the tracking API show it)."""
    found = for_application(application)
    return found.paragraph if found is not None else ""
