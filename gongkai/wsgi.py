import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

if os.environ.get("GONGKAI_WARM", "1") != "0":
    # The first search after a start answers like the rest (gongkai/search/warmup.py): gunicorn's workers and
    # runserver load this module before taking requests.
    from gongkai.search.warmup import warm

    warm()
