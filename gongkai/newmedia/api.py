from ninja import Router

router = Router(tags=["newmedia"])
