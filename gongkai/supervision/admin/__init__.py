"""Back office of supervision, one module per job: work plans and their tasks (:mod:`.plans`), the units'
progress reports and evidence (:mod:`.reports`), the assessment (:mod:`.assessment`), and the columns'
update requirements (:mod:`.configuration`). Every screen is an ``AuditedAdmin``: it fetches through
``supervision.access`` and writes through ``supervision.services``."""

from . import assessment, configuration, plans, reports

__all__ = ["assessment", "configuration", "plans", "reports"]
