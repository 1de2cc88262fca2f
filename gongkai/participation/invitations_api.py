"""(skeleton: filled in by issue 26's work)"""

from ninja import Router

router = Router(tags=["participation"])
