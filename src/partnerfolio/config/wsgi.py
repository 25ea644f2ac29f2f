"""The WSGI application (gunicorn serves it: `make run`, docs/deploy.md)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:  # a variable set wrong: said plainly, then stop
    print(f"partnerfolio: configuration: {error}", file=sys.stderr, flush=True)
    raise

# The chart renderer's first call costs a few hundred milliseconds: pay it at start,
# not on someone's first page.
from partnerfolio.charts import warm_up

warm_up()
